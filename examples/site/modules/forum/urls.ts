import { url } from 'fastify-microservices'
import * as views from './views.ts'

export const urlpatterns = [
  url('/forum/', views.index, 'boards'),
  url('/forum/<int:board_id>/', views.board, 'board', ['GET', 'POST']),
]
