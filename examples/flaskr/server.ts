// `flask --app flaskr run`: `node server.ts`, or `npx fastify-microservices dev` for `--debug`.
import { gracefulShutdown } from 'fastify-microservices'
import { createApp } from './app.ts'

const app = await createApp()
await app.listen({ port: Number(process.env.PORT ?? 5000), host: process.env.HOST ?? '127.0.0.1' })
gracefulShutdown(app)
