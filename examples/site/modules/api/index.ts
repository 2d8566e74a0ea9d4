import { Router } from 'fastify-microservices'
import { urlpatterns } from './urls.ts'

export const MODULE_NAME = 'api'
// The API serves the forum's boards and messages: it reads them through forum/store.ts.
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url, {
  requires: ['forum'],
})
blueprint.registerUrls(urlpatterns)
