import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { MicroServicesApp, type MicroServicesOptions } from '../src/index.ts'

/** The folder of a fixture app under test/fixtures. */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url))

/** A ready app for a fixture, with the given modules enabled. */
export async function appFor(
  name: string,
  enabled?: readonly string[],
  options: MicroServicesOptions = {},
) {
  const app = MicroServicesApp({
    root: fixture(name),
    modulesEnv: false,
    routeTypes: false,
    ...options,
  })
  await app.registerUrls(enabled)
  await app.ready()
  return app
}

/** GET `path` over a real socket exactly as written: no URL normalisation on the way. */
export function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1') }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}
