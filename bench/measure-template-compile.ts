// The cost of compiling per module (one nunjucks Environment per module chain): N modules,
// each with its own templates folder, render the bench page, whose layout and nav are root
// templates. `node --expose-gc bench/measure-template-compile.ts <modules>`; prints the CPU
// time of the first and of later renders per module, and the heap each module's compiled
// templates take.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createNunjucksEngine } from '../src/templates/nunjucks.ts'
import { HAND_URLS, PAGE_CONTEXT } from './shapes.ts'

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')
const count = Number(process.argv[2] ?? 50)
const site = fileURLToPath(new URL('./fixtures/site/', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'fms-compile-'))
const modules = Array.from({ length: count }, (_, i) => {
  const folder = join(dir, `m${i}`)
  mkdirSync(folder)
  // Each module has a folder (so its own Environment), holding only an unrelated file.
  writeFileSync(join(folder, 'own.html'), 'own')
  return { module: `m${i}`, dir: folder }
})
const engine = createNunjucksEngine({
  rootDir: join(site, 'templates'),
  modules: [...modules, { module: 'm', dir: join(site, 'modules/m/templates') }],
})
const url_for = (endpoint: string, values: Record<string, unknown> = {}) =>
  (HAND_URLS[endpoint] as (values: Record<string, unknown>) => string)(values)
// page.html of the site's module m, by explicit name: its layout and nav resolve per module.
const render = (module: string) =>
  engine.render('m:page.html', { ...PAGE_CONTEXT }, { module, globals: { url_for } })
const heap = () => {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}
await engine.render('layout.html', {}, { module: null, globals: { url_for } }) // nunjucks loaded
const before = heap()
let start = process.cpuUsage()
for (const { module } of modules) await render(module)
let used = process.cpuUsage(start)
const first = (used.user + used.system) / count
const grown = heap() - before
// Enough later renders for the JIT to settle.
const rounds = Math.max(20, Math.ceil(20_000 / count))
for (let round = 0; round < rounds; round++) for (const { module } of modules) await render(module)
start = process.cpuUsage()
for (let round = 0; round < rounds; round++) for (const { module } of modules) await render(module)
used = process.cpuUsage(start)
const later = (used.user + used.system) / count / rounds
console.log(
  JSON.stringify({
    modules: count,
    firstRenderUs: Math.round(first),
    laterRenderUs: Math.round(later),
    heapPerModuleKiB: Math.round(grown / count / 1024),
  }),
)
rmSync(dir, { recursive: true, force: true })
