// `npm run test:engines`: the deployment on real engines (PostgreSQL, Redis, network
// namespaces, Docker). Installs what the tests need with apt-get (saying what), then runs
// test/engines/*.test.ts one file at a time. An engine that cannot start fails its test
// with the reason; nothing is skipped. Needs root (apt, namespaces, dockerd).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** Debian packages, each with a binary that shows it is installed. */
const PACKAGES: readonly [pkg: string, binary: string][] = [
  ['postgresql', '/usr/lib/postgresql'],
  ['redis-server', '/usr/bin/redis-server'],
  ['nginx', '/usr/sbin/nginx'],
  ['iproute2', '/usr/bin/ip'],
  ['iptables', '/usr/sbin/iptables'],
  ['docker.io', '/usr/sbin/dockerd'],
  ['docker-compose', '/usr/bin/docker-compose'],
]

const missing = PACKAGES.filter(([, binary]) => !existsSync(binary)).map(([pkg]) => pkg)
if (missing.length > 0) {
  console.log(`test:engines: apt-get install -y ${missing.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', env })
} else {
  console.log(`test:engines: installed already: ${PACKAGES.map(([pkg]) => pkg).join(' ')}`)
}

const dir = join(ROOT, 'test', 'engines')
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
  .map((f) => join('test', 'engines', f))
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', ...files, ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
)
process.exit(result.status ?? 1)
