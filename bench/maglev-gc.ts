// The smallest reproduction, with nunjucks alone, of why a template page spends 10 to 20 % of
// its CPU in young-generation GC, on this library's server and on @fastify/view's alike: a
// template that renders a block and then includes a file, once V8's Maglev tier has compiled
// it, keeps part of every render alive past the next scavenge. Those objects are promoted to
// the old generation, scavenges copy them (several ms each), and major GCs collect them later.
// Without Maglev (`node --no-maglev`), or with the include before the block, nothing survives.
//
//   node bench/maglev-gc.ts
//
// Prints, per case, in fresh processes (on the bench's server CPUs, as bench/cpus.ts pins), after a warm-up:
// bytes promoted per render and scavenge time per render, from --trace-gc-nvp. On this machine
// (Node 24.21): about 800 B and 1.9 µs with Maglev, 0 B and 0.3 µs without it or include-first.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { choosePinning, onServerCpus } from './cpus.ts'

const RENDERS = 100_000
const SHAPES = {
  'block, then include': '<t>{% block title %}S{% endblock %}</t>{% include "inc.html" %}<m>x</m>',
  'include, then block': '{% include "inc.html" %}<t>{% block title %}S{% endblock %}</t><m>x</m>',
} as const
type Shape = keyof typeof SHAPES

async function child(shape: Shape, dir: string): Promise<void> {
  const { default: nunjucks } = await import('nunjucks')
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), { autoescape: true })
  const template = new nunjucks.Template(SHAPES[shape], env, 'page.html', true)
  let length = 0
  // Ten renders per turn of the event loop, as a server under load renders.
  const batch = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      length += template.render({ title: 'T' }).length
      if (i % 10 === 9) await new Promise(setImmediate)
    }
  }
  await batch(50_000) // warm-up: the tiers settle
  console.log('measured from here')
  await batch(RENDERS)
  console.log(`rendered ${length} characters`)
}

function measure(shape: Shape, flags: readonly string[], dir: string): string {
  const pinning = choosePinning()
  const { command, args } = onServerCpus(
    'none' in pinning ? undefined : pinning,
    process.execPath,
    [...flags, '--trace-gc-nvp', fileURLToPath(import.meta.url), 'child', shape, dir],
  )
  const run = spawnSync(command, args, { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  const after = run.stdout.slice(run.stdout.indexOf('measured from here'))
  let promoted = 0
  let scavengeMs = 0
  for (const line of after.split('\n')) {
    if (!line.includes('gc=s ')) continue
    promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0)
    scavengeMs += Number(/ scavenge=([\d.]+)/.exec(line)?.[1] ?? 0)
  }
  return `${(promoted / RENDERS).toFixed(0).padStart(5)} B promoted, ${((scavengeMs * 1000) / RENDERS).toFixed(2)} µs in scavenges, a render`
}

if (process.argv[2] === 'child') {
  await child(process.argv[3] as Shape, process.argv[4] as string)
} else {
  const dir = mkdtempSync(join(tmpdir(), 'fms-maglev-gc-'))
  try {
    writeFileSync(join(dir, 'inc.html'), '<i>included</i>')
    for (const [shape, flags] of [
      ['block, then include', []],
      ['block, then include', ['--no-maglev']],
      ['include, then block', []],
    ] as const) {
      const label = `${shape}${flags.length > 0 ? `, ${flags.join(' ')}` : ''}`
      console.log(`${label.padEnd(36)} ${measure(shape, flags, dir)}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
