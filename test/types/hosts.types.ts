// Type tests of host and subdomain rules: their variables are params of the view.
import { url } from 'fastify-microservices'

url(
  '/items/<int:id>',
  (request) => `${request.params.tenant.toUpperCase()} ${request.params.id + 1}`,
  {
    name: 'item',
    host: '<tenant>.example.com',
  },
)
url('/<int:id>', (request) => request.params.user.length + request.params.id, {
  name: 'profile',
  subdomain: '<user>',
})
url(
  '/',
  // @ts-expect-error an int in the host is a number, which has no toUpperCase
  (request) => request.params.id.toUpperCase(),
  { name: 'number', host: '<int:id>.example.com' },
)
url('/', () => '', { name: 'plain', subdomain: 'api' })
// @ts-expect-error a rule without host variables gives the view no such param
url('/', (request) => request.params.tenant, { name: 'none', host: 'example.com' })
