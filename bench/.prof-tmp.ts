import { fileURLToPath } from 'node:url'
import moduleApp from './servers/module-app.ts'
import { PAGE_CONTEXT } from './shapes.ts'

const root = fileURLToPath(new URL('./fixtures/site/', import.meta.url))
const app = await moduleApp({ root })
await app.ready()
for (let i = 0; i < 30000; i++) await app.render('page.html', PAGE_CONTEXT, { module: 'm' })
