import type { FastifyRequest } from 'fastify'
import { url } from 'fastify-microservices'
import * as views from './views.ts'

/** Posts per client and minute (reading a board is not counted). */
const postLimit = {
  max: (request: FastifyRequest) => request.server.settings.postsPerMinute,
  timeWindow: '1 minute',
  allowList: (request: FastifyRequest) => request.method !== 'POST',
}

export const urlpatterns = [
  url('/forum/', views.index, 'boards'),
  url('/forum/<int:board_id>/', views.board, {
    name: 'board',
    methods: ['GET', 'POST'],
    config: { rateLimit: postLimit },
  }),
]
