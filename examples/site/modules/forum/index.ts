import { Router } from 'fastify-microservices'
import { migrations } from './store.ts'
import { urlpatterns } from './urls.ts'

export const MODULE_NAME = 'forum'
// admin and api read and change the forum's tables through store.ts and page numbers through pagination.ts.
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url, {
  exports: ['store.ts', 'pagination.ts'],
})
blueprint.setup((fastify) => fastify.migrate(MODULE_NAME, migrations))
blueprint.registerUrls(urlpatterns)
