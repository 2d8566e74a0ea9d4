import { url } from 'fastify-microservices'
import * as views from './views.ts'

export const urlpatterns = [url('/', views.home, 'home'), url('/about/', views.about, 'about')]
