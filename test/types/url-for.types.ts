// Type tests: compiled by `tsc -p test/types` in `npm test`. Each @ts-expect-error must be
// an error, so a typing that stops catching a mistake fails the build.
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  type MicroServicesInstance,
  type ParamsOf,
  url,
  type ValuesFor,
  type View,
} from 'fastify-microservices'

declare const app: MicroServicesInstance
declare const request: FastifyRequest
declare const reply: FastifyReply

// Params are typed from the rule.
const typed: ParamsOf<'/board/<int:id>/<slug>'> = { id: 1, slug: 'x' }
// @ts-expect-error an int param is a number
const wrongParam: ParamsOf<'/board/<int:id>'> = { id: '1' }
const kinds: ParamsOf<'/a/<path:p>/<uuid:u>/<float:x>/<any(new, top):k>'> = {
  p: 'a/b',
  u: 'uuid',
  x: 1.5,
  k: 'top',
}
// @ts-expect-error any() gives the union of its items
const wrongKind: ParamsOf<'/a/<any(new, top):k>'> = { k: 'old' }

// A view passed to url() sees its params typed.
url(
  '/board/<int:id>/<slug>',
  (req) => {
    const id: number = req.params.id
    const slug: string = req.params.slug
    // @ts-expect-error no such param
    req.params.nope
    return { id, slug }
  },
  'board',
)

// A view written apart states its rule once.
export const edit: View<'/roles/<int:id>/'> = (req) => req.params.id.toFixed(0)
url('/roles/<int:id>/', edit, 'edit')
// @ts-expect-error a view for another rule does not fit
url('/roles/<slug>/', edit, 'edit2')

// urlFor knows every endpoint of the enabled modules (test/fixtures/original/routes.d.ts).
app.urlFor('home.home')
app.urlFor('admin.role_edit', { id: 3 })
request.urlFor('forum.thread', { id: 7, slug: 'hi', page: 2, _anchor: 'top' })
reply.urlFor('forum.sort', { order: 'new' })
request.urlFor('.links')
// @ts-expect-error unknown endpoint (a typo)
app.urlFor('admn.home')
// @ts-expect-error missing value for id
app.urlFor('admin.role_edit', {})
// @ts-expect-error missing values altogether
app.urlFor('forum.thread')
// @ts-expect-error wrong type for id
request.urlFor('forum.thread', { id: { n: 1 }, slug: 'x' })
// @ts-expect-error not one of the any() items
reply.urlFor('forum.sort', { order: 'old' })
// @ts-expect-error _external is a boolean
app.urlFor('home.home', { _external: 'yes' })

export { kinds, typed, wrongKind, wrongParam }

// An endpoint of several rules (routes.d.ts writes their union): values fit any of them.
const shortList: ValuesFor<'/users/' | '/users/page/<int:page>/'> = {}
const pagedList: ValuesFor<'/users/' | '/users/page/<int:page>/'> = { page: 2 }
// @ts-expect-error a page is a number in every rule that takes one
const wrongPage: ValuesFor<'/users/page/<int:page>/'> = { page: 'two' }

export { pagedList, shortList, wrongPage }
