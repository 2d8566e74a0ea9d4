import { Router } from 'fastify-microservices'
import { guard } from './guard.ts'
import { migrations } from './sessions.ts'
import { urlpatterns } from './urls.ts'

export const MODULE_NAME = 'admin'
// The dashboard moderates the forum's messages: it reads them through forum/store.ts.
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url, {
  requires: ['forum'],
})
blueprint.setup(async (fastify) => {
  const { adminPassword, production } = fastify.settings
  if (adminPassword === undefined || adminPassword === '') {
    throw new Error(
      production
        ? 'ADMIN_PASSWORD is not set: in production the admin module needs a non-empty password'
        : 'ADMIN_PASSWORD is empty: give the admin module a password, or unset it for the development default',
    )
  }
  if (!production && adminPassword === 'admin') {
    // After "Server listening at ...", which stays the first line a newcomer sees.
    fastify.addHook('onListen', async () => {
      fastify.log.warn("admin password is the development default 'admin'; set ADMIN_PASSWORD")
    })
  }
  await fastify.migrate(MODULE_NAME, migrations)
})
blueprint.beforeRequest(guard)
blueprint.registerUrls(urlpatterns)
