// The app under load, in a process of its own: a temporary copy of
// test/fixtures/reliability-static (templates, static files, converted params, a JSON body),
// in production mode with the default limits and graceful shutdown. Prints
// { listening: port }; GET /__memory runs a full GC (node --expose-gc) and answers
// process.memoryUsage(), so the harness can tell a leak from garbage not yet collected.
import type { MicroServicesOptions } from '../../src/index.ts'
import { MicroServicesApp } from '../../src/index.ts'
import { withDefaultLimits } from '../../src/limits.ts'
import { gracefulShutdown } from '../../src/shutdown.ts'
import { reliabilitySite } from '../../test/reliability/site.ts'

const site = await reliabilitySite()
const app = MicroServicesApp(
  withDefaultLimits<MicroServicesOptions>({
    root: site.root,
    modulesEnv: false,
    routeTypes: false,
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
  }),
)
app.addHook('onClose', () => site.cleanup())
app.get('/__memory', async () => {
  const before = process.memoryUsage().rss
  ;(globalThis as { gc?: () => void }).gc?.()
  return { ...process.memoryUsage(), rssBeforeGc: before }
})
await app.registerUrls(['home'])
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
gracefulShutdown(app, { timeout: Number(process.env.SHUTDOWN_TIMEOUT ?? 10_000) })
const address = app.server.address()
process.stdout.write(
  `${JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 })}\n`,
)
