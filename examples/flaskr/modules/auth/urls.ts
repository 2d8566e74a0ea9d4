import { url } from 'fastify-microservices'
import * as views from './views.ts'

export const urlpatterns = [
  url('/register', views.register, 'register', ['GET', 'POST']), // auth.register
  url('/login', views.login, 'login', ['GET', 'POST']), // auth.login
  url('/logout', views.logout, 'logout'), // auth.logout
]
