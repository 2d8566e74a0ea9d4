import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { staticApp } from '../generate.ts'
import type { Refusal, ServerSpec } from '../load.ts'
import type { Section } from '../report.ts'
import { STATIC_FILE } from '../shapes.ts'
import type { Context } from './context.ts'
import { bareFastify, moduleApp, runHttpComparison, SITE } from './http.ts'

const APP = fileURLToPath(new URL('../fixtures/flask/', import.meta.url))
const TITLE = "For scale: the same pages on Flask + gunicorn (the Python original's stack)"
// Debian's gunicorn runs on Debian's python3, so Flask must be importable there.
const PYTHON = '/usr/bin/python3'

const works = (command: string, args: string[]): boolean =>
  spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 }).status === 0

const ready = (): boolean =>
  works(PYTHON, ['-c', 'import flask']) && works('gunicorn', ['--version'])

/** Installs Debian's python3-flask and gunicorn when missing (as root, with apt-get); why not, or undefined. */
function install(log: (line: string) => void): string | undefined {
  if (ready()) return undefined
  if (process.getuid?.() !== 0 || !works('apt-get', ['--version']))
    return 'python3-flask and gunicorn are missing, and apt-get cannot install them here (not root, or no apt-get): apt-get install python3-flask gunicorn'
  log("installing Debian's python3-flask and gunicorn (apt-get)")
  const apt = (args: string[]) =>
    spawnSync('apt-get', args, {
      stdio: 'ignore',
      timeout: 600_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0
  if (!apt(['install', '-y', 'python3-flask', 'gunicorn'])) {
    apt(['update'])
    apt(['install', '-y', 'python3-flask', 'gunicorn'])
  }
  return ready() ? undefined : 'apt-get could not install python3-flask and gunicorn'
}

const LISTENING = /Listening at: http:\/\/127\.0\.0\.1:(\d+)/

const gunicorn = (staticRoot: string): ServerSpec => ({
  command: 'gunicorn',
  // One worker process, as each Node server here; threads keep connections alive.
  args: ['--workers', '1', '--threads', '10', '--bind', '127.0.0.1:0', '--chdir', APP, 'app:app'],
  cwd: APP,
  port: (line) => {
    const port = LISTENING.exec(line)?.[1]
    return port === undefined ? undefined : Number(port)
  },
  env: { BENCH_SITE: SITE, BENCH_STATIC: staticRoot },
})

const squeeze = (body: string): string => body.replace(/\s+/g, '')

/** Each page answers 200 with the same text on both stacks (whitespace left out: Jinja and nunjucks trim it differently). */
const samePages: Refusal = (answers) => {
  for (const [label, { status, body }] of answers) {
    if (status !== 200) return `${label} answered ${status}`
    if (!label.startsWith('module, ')) continue
    const peer = `Flask + gunicorn, ${label.slice('module, '.length)}`
    const other = answers.get(peer)
    if (other !== undefined && squeeze(other.body) !== squeeze(body))
      return `${peer} answered another page than ${label}: ${JSON.stringify(squeeze(other.body).slice(0, 120))}`
  }
  return undefined
}

/** 7. Where Flask and gunicorn are (or can be) installed, the same pages on them. */
export async function flask(context: Context): Promise<Section> {
  const skipped = install(context.log)
  if (skipped !== undefined) return { id: 7, title: TITLE, skipped }
  const root = staticApp(1)
  const server = gunicorn(join(root, 'static'))
  const rows = [
    ['hello', '/hello', moduleApp],
    ['converters', '/board/7/hello', moduleApp],
    ['template page', '/page', moduleApp],
    ['static file', `/static/${STATIC_FILE}`, { kind: 'module-app', options: { root } }],
  ] as const
  const targets = rows.flatMap(([name, path, module]) => [
    { label: `module, ${name}`, server: module, path },
    { label: `Flask + gunicorn, ${name}`, server, path },
  ])
  return runHttpComparison(
    {
      id: 7,
      title: TITLE,
      targets: [{ label: 'bare Fastify, hello', server: bareFastify, path: '/hello' }, ...targets],
      base: 'bare Fastify, hello',
      ratios: rows.map(([name]) => ({
        name: `module / Flask + gunicorn, ${name}`,
        a: `module, ${name}`,
        b: `Flask + gunicorn, ${name}`,
      })),
      refuse: samePages,
      notes: [
        "Flask 2/3 from Debian (python3-flask) under Debian's gunicorn, one worker with 10 threads (gthread, keep-alive); the app (bench/fixtures/flask/app.py) is built as a Flask-MicroServices app is: one blueprint per module with its own template folder, the root templates/ and static/ beside it. The original package is on PyPI only, out of this machine's reach.",
        "Flask's CPU is its gunicorn master and worker together, read from /proc.",
        "Pages compared without whitespace (Jinja drops a template's last newline, nunjucks keeps it).",
      ],
    },
    context,
  )
}
