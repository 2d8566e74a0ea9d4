import { gracefulShutdown } from 'fastify-microservices'
import { buildSite } from './app.ts'
import { trustProxyFrom } from './proxy.ts'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'

// DATA_DIR moves the SQLite file and the cookie secret (default: ./data beside app.ts).
const dataDir = process.env.DATA_DIR || undefined
// TRUST_PROXY=true behind the one proxy that terminates HTTPS (cookies then get `Secure`);
// a number for that many proxies, or the proxies' addresses, comma-separated.
const trustProxy = trustProxyFrom(process.env.TRUST_PROXY)

const app = await buildSite({
  dataDir,
  trustProxy,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
})
await app.listen({ port, host })
// SIGTERM/SIGINT: requests in flight finish, kept-alive sockets close, then the process exits.
gracefulShutdown(app)
