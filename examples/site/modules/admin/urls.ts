import { url } from 'fastify-microservices'
import * as views from './views.ts'

export const urlpatterns = [
  url('/admin/', views.dashboard, 'home'),
  url('/admin/login/', views.login, 'login', ['GET', 'POST']),
  url('/admin/logout/', views.logout, 'logout', ['POST']),
  url('/admin/messages/<int:id>/delete/', views.deleteMessage, 'delete_message', ['POST']),
]
