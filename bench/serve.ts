// A server under test, alone in its process: `node bench/serve.ts <kind> [options-json]`.
// Listens on 127.0.0.1, on a port the system picks, and prints `{"port":N}` on stdout.
import type { AddressInfo } from 'node:net'
import type { Served, ServerFactory, ServerOptions } from './servers/types.ts'

const KINDS: Record<string, () => Promise<{ default: ServerFactory }>> = {
  'module-app': () => import('./servers/module-app.ts'),
  fastify: () => import('./servers/fastify.ts'),
  'fastify-static': () => import('./servers/fastify-static.ts'),
  express: () => import('./servers/express.ts'),
  hono: () => import('./servers/hono.ts'),
  'node-http': () => import('./servers/node-http.ts'),
}

const isFastify = (served: Served): served is Extract<Served, { ready: unknown }> =>
  'ready' in served

async function listen(served: Served): Promise<number> {
  if (isFastify(served)) {
    await served.listen({ host: '127.0.0.1', port: 0 })
    return (served.server.address() as AddressInfo).port
  }
  await new Promise<void>((resolve, reject) => {
    served.once('error', reject)
    served.listen(0, '127.0.0.1', resolve)
  })
  return (served.address() as AddressInfo).port
}

const [kind = '', json = '{}'] = process.argv.slice(2)
const load = KINDS[kind]
if (load === undefined) {
  console.error(`unknown server kind '${kind}'; known: ${Object.keys(KINDS).join(', ')}`)
  process.exit(2)
}
const { default: create } = await load()
const served = await create(JSON.parse(json) as ServerOptions)
const port = await listen(served)
process.stdout.write(`${JSON.stringify({ port })}\n`)
// The harness ends this process with a signal; nothing to clean up.
process.on('SIGTERM', () => process.exit(0))
