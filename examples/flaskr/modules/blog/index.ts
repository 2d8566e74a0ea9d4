import { Router } from 'fastify-microservices'
import strftime from 'strftime'
import { urlpatterns } from './urls.ts'

export const MODULE_NAME = 'blog'
// Flask's Blueprint("blog", __name__): no url prefix, its index is the site's '/'.
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url, {
  requires: ['auth'], // blog.py imports login_required from auth
})
// Python's date.strftime(format) as a filter: {{ post['created'] | strftime('%Y-%m-%d') }}
blueprint.templateFilter((date: Date, format: string) => strftime.utc()(format, date), 'strftime')
blueprint.registerUrls(urlpatterns)
