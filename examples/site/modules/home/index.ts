import { Router } from 'fastify-microservices'
import { urlpatterns } from './urls.ts'

export const MODULE_NAME = 'home'
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url)
blueprint.registerUrls(urlpatterns)
