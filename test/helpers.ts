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
