import { Router } from 'fastify-microservices'
import { guard } from './guard.ts'
import { urlpatterns } from './urls.ts'

export const MODULE_NAME = 'admin'
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url)
blueprint.beforeRequest(guard)
blueprint.registerUrls(urlpatterns)
