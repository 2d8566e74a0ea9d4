import { url } from 'fastify-microservices'
import * as views from './views.ts'

export const urlpatterns = [
  url('/blog/', views.index, 'index'),
  url('/blog/<slug>/', views.post, 'post'),
]
