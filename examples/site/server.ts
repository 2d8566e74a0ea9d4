import { buildSite } from './app.ts'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'

const app = await buildSite({ logger: { level: process.env.LOG_LEVEL ?? 'info' } })
await app.listen({ port, host })
