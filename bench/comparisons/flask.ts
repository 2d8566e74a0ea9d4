import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Section } from '../report.ts'
import type { Context } from './context.ts'
import { bareFastify, runHttpComparison } from './http.ts'

const APP = fileURLToPath(new URL('../fixtures/flask/', import.meta.url))
const TITLE = 'For scale: the hello route on Flask + gunicorn (the Python original)'

const works = (command: string, args: string[]): boolean =>
  spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 }).status === 0

const LISTENING = /Listening at: http:\/\/127\.0\.0\.1:(\d+)/

/** 7. Where Flask and gunicorn are installed, the same hello route on them. */
export async function flask(context: Context): Promise<Section> {
  const missing = [
    works('python3', ['-c', 'import flask']) ? undefined : 'python3 with flask',
    works('gunicorn', ['--version']) ? undefined : 'gunicorn',
  ].filter((name) => name !== undefined)
  if (missing.length > 0) {
    const skipped = `${missing.join(' and ')} not found on this machine (Debian: apt-get install python3-flask gunicorn).`
    return { id: 7, title: TITLE, skipped }
  }
  return runHttpComparison(
    {
      id: 7,
      title: TITLE,
      targets: [
        { label: 'bare Fastify', server: bareFastify, path: '/hello' },
        {
          label: 'Flask + gunicorn',
          server: {
            command: 'gunicorn',
            // One worker process, as each Node server here; threads keep connections alive.
            args: [
              '--workers',
              '1',
              '--threads',
              '10',
              '--bind',
              '127.0.0.1:0',
              '--chdir',
              APP,
              'app:app',
            ],
            port: (line) => {
              const port = LISTENING.exec(line)?.[1]
              return port === undefined ? undefined : Number(port)
            },
          },
          path: '/hello',
        },
      ],
      base: 'bare Fastify',
      ratios: [
        {
          name: 'Flask + gunicorn / bare Fastify (for scale)',
          a: 'Flask + gunicorn',
          b: 'bare Fastify',
        },
      ],
      notes: [
        'gunicorn with one worker and 10 threads (gthread, keep-alive), the same body and content type.',
      ],
    },
    context,
  )
}
