import { url } from 'fastify-microservices'
import * as views from './views.ts'

export const urlpatterns = [
  url('/api/health', views.health, 'health'),
  url('/api/boards/', views.boards, 'boards'),
  url('/api/boards/<int:board_id>/messages/', views.messages, 'messages'),
]
