// Memory of a process that has the library and an app whose module has templates, before
// and after its first render (which imports nunjucks): `node --expose-gc bench/measure-template-memory.ts`.
// Prints {"json": {rss, heap}, "rendered": {rss, heap}} in MiB, after a full GC each time.
import { fileURLToPath } from 'node:url'
import { MicroServicesApp } from 'fastify-microservices'
import { PAGE_CONTEXT } from './shapes.ts'

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')
const root = fileURLToPath(new URL('./fixtures/site/', import.meta.url))
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10

function measure(): { rss: number; heap: number } {
  gc?.()
  gc?.()
  const { rss, heapUsed } = process.memoryUsage()
  return { rss: mib(rss), heap: mib(heapUsed) }
}

// The module app as bench/servers/module-app.ts builds it.
const app = MicroServicesApp({ root, modulesEnv: false, routeTypes: false, logger: false })
await app.registerUrls()
await app.ready()
for (let i = 0; i < 200; i++) await app.inject('/hello')
const json = measure()
// app.render, not inject: each inject keeps about 9 KiB of its own on the heap.
for (let i = 0; i < 200; i++) await app.render('page.html', PAGE_CONTEXT, { module: 'm' })
const rendered = measure()
console.log(JSON.stringify({ json, rendered }))
await app.close()
