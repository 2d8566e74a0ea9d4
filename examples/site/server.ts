import { gracefulShutdown } from 'fastify-microservices'
import { buildSite } from './app.ts'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'

// DATA_DIR moves the SQLite file and the session secret (default: ./data beside app.ts).
const dataDir = process.env.DATA_DIR || undefined

const app = await buildSite({ dataDir, logger: { level: process.env.LOG_LEVEL ?? 'info' } })
await app.listen({ port, host })
// SIGTERM/SIGINT: requests in flight finish, new ones get 503, then the process exits.
gracefulShutdown(app)
