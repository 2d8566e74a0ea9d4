import { url } from 'fastify-microservices'
import { loginRequired } from '../auth/login-required.ts'
import * as views from './views.ts'

export const urlpatterns = [
  url('/', views.index, 'index'), // blog.index
  url('/create', views.create, {
    name: 'create',
    methods: ['GET', 'POST'],
    preHandler: loginRequired,
  }),
  url('/<int:id>/update', views.update, {
    name: 'update',
    methods: ['GET', 'POST'],
    preHandler: loginRequired,
  }),
  url('/<int:id>/delete', views.deletePost, {
    name: 'delete',
    methods: ['POST'],
    preHandler: loginRequired,
  }),
]
