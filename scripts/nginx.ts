// Finds nginx for the deploy tests and `npm run start:split`, installing Debian's `nginx`
// package with apt-get when it is missing and we may (scripts/debian-package.ts, as for
// Chromium). The system's nginx service is never started: the tests run their own, from a
// generated folder (`nginx -p DIR -c nginx.conf`).
//
// Run alone to install ahead of the tests: `node scripts/nginx.ts` prints the path.
import { findOrInstall } from './debian-package.ts'

const NGINX = '/usr/sbin/nginx'

/**
 * The path of an nginx executable: NGINX_PATH, else /usr/sbin/nginx, installed with apt-get
 * when running as root on Debian; throws with install instructions otherwise.
 * @example spawn(await findNginx(), ['-p', dir, '-c', 'nginx.conf'])
 */
export const findNginx = (): Promise<string> =>
  findOrInstall({
    name: 'nginx',
    pkg: 'nginx',
    path: NGINX,
    env: 'NGINX_PATH',
    howTo:
      'Install Debian\'s package ("sudo apt-get install nginx"), or set NGINX_PATH to an nginx executable.',
  })

if (import.meta.main) console.log(await findNginx())
