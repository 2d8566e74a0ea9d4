// nginx as a comparison target: Debian's package, one worker process, no daemon, the
// configuration written for each run under bench/results/tmp/.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from './children.ts'
import { TMP } from './generate.ts'
import type { ServerSpec } from './load.ts'

/** Why nginx cannot be measured here, or undefined when it can. */
export function nginxMissing(): string | undefined {
  const found = spawnSync('nginx', ['-v'], { stdio: 'ignore', timeout: 10_000 }).status === 0
  return found
    ? undefined
    : 'nginx not found on this machine (Debian: apt-get install nginx-light or nginx)'
}

/**
 * nginx serving `staticRoot` at /static/, as a site would configure it: one worker,
 * sendfile, keep-alive, ETag and Last-Modified (its defaults), no access log.
 */
export async function nginxStatic(name: string, staticRoot: string): Promise<ServerSpec> {
  const dir = join(TMP, `nginx-${name}`)
  mkdirSync(join(dir, 'logs'), { recursive: true })
  const port = await freePort()
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
worker_processes 1;
error_log ${join(dir, 'logs/error.log')} warn;
pid ${join(dir, 'nginx.pid')};
events { worker_connections 1024; }
http {
  types { text/css css; text/html html; application/javascript js; }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${join(dir, 'tmp')};
  proxy_temp_path ${join(dir, 'tmp')};
  fastcgi_temp_path ${join(dir, 'tmp')};
  uwsgi_temp_path ${join(dir, 'tmp')};
  scgi_temp_path ${join(dir, 'tmp')};
  server {
    listen 127.0.0.1:${port};
    location /static/ { alias ${staticRoot}/; }
  }
}
`,
  )
  mkdirSync(join(dir, 'tmp'), { recursive: true })
  return { command: 'nginx', args: ['-p', dir, '-c', join(dir, 'nginx.conf')], port }
}
