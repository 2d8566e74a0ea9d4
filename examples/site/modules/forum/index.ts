import { Router } from 'fastify-microservices'
import { migrate } from '../../db.ts'
import { migrations } from './store.ts'
import { urlpatterns } from './urls.ts'

export const MODULE_NAME = 'forum'
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url)
blueprint.setup((fastify) => migrate(fastify.db, MODULE_NAME, migrations))
blueprint.registerUrls(urlpatterns)
