import { Router } from 'fastify-microservices'
import { urlpatterns } from './urls.ts'

// Built to index.js beside templates/ and static/, so the blueprint's folder is the package's.
export const MODULE_NAME = 'blog'
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url, {
  settings: {
    type: 'object',
    properties: { title: { type: 'string', minLength: 1, default: 'Blog' } },
  },
})
blueprint.registerUrls(urlpatterns)
