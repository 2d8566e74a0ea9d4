import { Router } from 'fastify-microservices'
import { urlpatterns } from './urls.ts'

export const MODULE_NAME = 'api'
// The API serves the forum's boards and messages: it reads them through forum/store.ts.
// Its errors are JSON whatever the client accepts, a browser included.
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url, {
  requires: ['forum'],
  errors: 'json',
})
blueprint.registerUrls(urlpatterns)
