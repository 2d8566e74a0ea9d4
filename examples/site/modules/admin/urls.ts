import type { FastifyRequest } from 'fastify'
import { url } from 'fastify-microservices'
import * as views from './views.ts'

/** Login attempts per client and minute (GETs of the form are not counted). */
const loginLimit = {
  max: (request: FastifyRequest) => request.server.settings.loginsPerMinute,
  timeWindow: '1 minute',
  allowList: (request: FastifyRequest) => request.method !== 'POST',
}

export const urlpatterns = [
  url('/admin/', views.dashboard, 'home'),
  url('/admin/login/', views.login, {
    name: 'login',
    methods: ['GET', 'POST'],
    config: { rateLimit: loginLimit },
  }),
  url('/admin/logout/', views.logout, 'logout', ['POST']),
  url('/admin/messages/<int:id>/delete/', views.deleteMessage, 'delete_message', ['POST']),
]
