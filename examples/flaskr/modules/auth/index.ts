import { Router } from 'fastify-microservices'
import { urlpatterns } from './urls.ts'
import { loadLoggedInUser } from './user.ts'

export const MODULE_NAME = 'auth'
// Flask's Blueprint("auth", __name__, url_prefix="/auth"); blog imports login_required.
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url, {
  urlPrefix: '/auth',
  exports: ['login-required.ts', 'form.ts'],
})
blueprint.beforeAppRequest(loadLoggedInUser)
blueprint.registerUrls(urlpatterns)
