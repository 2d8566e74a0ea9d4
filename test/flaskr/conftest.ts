// Flask's examples/tutorial/tests/conftest.py: a new app over a temporary database holding
// data.sql for each test (`app`), a client that keeps its cookies as Flask's test client
// does (`client`), the command line (`runner`) and login/logout steps (`auth`).
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'node:test'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { createApp } from '../../examples/flaskr/app.ts'
import { type CliOptions, flaskrCli } from '../../examples/flaskr/cli.ts'
import { initDb } from '../../examples/flaskr/db.ts'

export type FlaskrApp = Awaited<ReturnType<typeof createApp>>

// read in SQL for populating test data
const dataSql = await readFile(join(import.meta.dirname, 'data.sql'), 'utf8')

/** Flask's test client: keeps the cookies it is given and sends them back; follows no redirect. */
export class Client {
  cookies: Record<string, string> = {}
  readonly app: FlaskrApp
  constructor(app: FlaskrApp) {
    this.app = app
  }

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ ...options, cookies: { ...this.cookies } })
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) delete this.cookies[cookie.name]
      else this.cookies[cookie.name] = cookie.value
    }
    return response
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request({ url })
  }

  /** `client.post(path, data={...})`: the fields urlencoded as an HTML form; no body without. */
  post(url: string, data?: Record<string, string>): Promise<LightMyRequestResponse> {
    if (data === undefined) return this.request({ method: 'POST', url })
    return this.request({
      method: 'POST',
      url,
      payload: new URLSearchParams(data).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  }

  /** Flask's `session` after the last request: what the session cookie holds. */
  session(): Record<string, unknown> {
    const cookie = this.cookies.session
    const session = cookie === undefined ? null : this.app.decodeSecureSession(cookie)
    return { ...session?.data() }
  }
}

/** The AuthActions of conftest.py. */
export class AuthActions {
  readonly #client: Client
  constructor(client: Client) {
    this.#client = client
  }

  login(username = 'test', password = 'test') {
    return this.#client.post('/auth/login', { username, password })
  }

  logout() {
    return this.#client.get('/auth/logout')
  }
}

/** The fixtures of one test, made new by beforeEach. */
export interface Fixtures {
  app: FlaskrApp
  client: Client
  auth: AuthActions
  /** Flask's test_cli_runner: runs a command of the app's command line, returns its output. */
  runner: (args: string[]) => Promise<string>
}

/**
 * Registers beforeEach/afterEach in the calling file: each test gets a new app over a new
 * temporary database (schema.sql, then data.sql), removed afterwards.
 */
export function useFixtures(): Fixtures {
  const fixtures = {} as Fixtures
  let dir = ''
  beforeEach(async () => {
    // create a temporary file to isolate the database for each test
    dir = await mkdtemp(join(tmpdir(), 'flaskr-'))
    const testConfig = { TESTING: true, DATABASE: join(dir, 'flaskr.sqlite') }
    // create the app with common test config
    fixtures.app = await createApp(testConfig)
    // create the database and load test data
    initDb(fixtures.app.getDb())
    fixtures.app.getDb().exec(dataSql)
    fixtures.client = new Client(fixtures.app)
    fixtures.auth = new AuthActions(fixtures.client)
    fixtures.runner = async (args) => {
      let output = ''
      const options: CliOptions = { testConfig, echo: (line) => (output += `${line}\n`) }
      await flaskrCli(options).parseAsync(args, { from: 'user' })
      return output
    }
  })
  afterEach(async () => {
    // close and remove the temporary database
    await fixtures.app.close()
    await rm(dir, { recursive: true, force: true })
  })
  return fixtures
}
