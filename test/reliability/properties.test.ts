import assert from 'node:assert/strict'
import { Agent, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import Fastify from 'fastify'
import { BuildError, InvalidURLRule, url } from '../../src/index.ts'
import { type CompiledRoute, compileRoutes } from '../../src/urls/compile.ts'
import { defaultConverters } from '../../src/urls/converters.ts'
import { compareWeights } from '../../src/urls/matcher.ts'
import { parseRule } from '../../src/urls/rule.ts'
import { routingApp } from '../fixtures/routing/app.ts'
import { appFor } from '../helpers.ts'
import { runs } from './mode.ts'

type App = Awaited<ReturnType<typeof appFor>>
type Values = Record<string, unknown>

/** Text of one path segment: any Unicode (graphemes, so no lone surrogates), no slash. */
const segment = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
  .filter((s) => !s.includes('/'))
/** '.' and '..' are dot segments every client removes: urlFor refuses them (tested below). */
const notDots = segment.filter((s) => s !== '.' && s !== '..')
const word = fc.stringMatching(/^[a-z0-9_-]{1,16}$/)
const nat = fc.nat({ max: Number.MAX_SAFE_INTEGER })

/**
 * For each endpoint of the fixture: values to build its URL with, and the values the
 * view must receive (the same, except what a converter normalises).
 */
const cases: Record<string, fc.Arbitrary<{ values: Values; expected: Values }>> = {
  'rules.default': notDots.map((name) => ({ values: { name }, expected: { name } })),
  'rules.string': notDots.map((name) => ({ values: { name }, expected: { name } })),
  'rules.length': fc
    .string({ unit: 'grapheme', minLength: 3, maxLength: 3 })
    .filter((s) => !s.includes('/') && s.length === 3)
    .map((code) => ({ values: { code }, expected: { code } })),
  'rules.bounded': fc
    .string({ unit: 'binary-ascii', minLength: 2, maxLength: 8 })
    .filter((s) => !s.includes('/'))
    .map((word) => ({ values: { word }, expected: { word } })),
  'rules.int': nat.map((n) => ({ values: { n }, expected: { n } })),
  // Wider than fixed_digits is refused by urlFor (tested below).
  'rules.fixed': fc.nat({ max: 9999 }).map((n) => ({ values: { n }, expected: { n } })),
  'rules.signed': fc.maxSafeInteger().map((n) => ({ values: { n }, expected: { n } })),
  'rules.range': fc.integer({ min: 10, max: 99 }).map((n) => ({ values: { n }, expected: { n } })),
  'rules.float': fc
    .double({ min: 0, max: 1e15, noNaN: true, noDefaultInfinity: true })
    .filter((x) => x === 0 || x >= 1e-6)
    .map((x) => ({ values: { x }, expected: { x: x === 0 ? 0 : x } })),
  'rules.signed_float': fc
    .double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true })
    .filter((x) => x === 0 || Math.abs(x) >= 1e-6)
    .map((x) => ({ values: { x }, expected: { x: x === 0 ? 0 : x } })),
  'rules.path': fc
    .array(notDots, { minLength: 1, maxLength: 6 })
    .map((parts) => parts.join('/'))
    .map((rest) => ({ values: { rest }, expected: { rest } })),
  'rules.deep_path': fc
    .tuple(nat, fc.array(notDots, { minLength: 1, maxLength: 4 }))
    .map(([id, parts]) => ({
      values: { id, rest: parts.join('/') },
      expected: { id, rest: parts.join('/') },
    })),
  'rules.uuid': fc
    .uuid()
    .chain((id) => fc.constantFrom(id, id.toUpperCase()))
    .map((id) => ({ values: { id }, expected: { id: id.toLowerCase() } })),
  'rules.any': fc
    .constantFrom('news', 'blog', 'q a')
    .map((kind) => ({ values: { kind }, expected: { kind } })),
  'rules.date': fc
    .tuple(nat, fc.integer({ min: 0, max: 99 }), notDots)
    .map(([year, month, slug]) => ({
      values: { year, month, slug },
      expected: { year, month, slug },
    })),
  'rules.dash': fc.tuple(nat, nat).map(([a, b]) => ({ values: { a, b }, expected: { a, b } })),
  'rules.dotted': word.map((slug) => ({ values: { slug }, expected: { slug } })),
  'rules.colon': word.map((word) => ({ values: { word }, expected: { word } })),
  'rules.slash': notDots.map((username) => ({ values: { username }, expected: { username } })),
  'other.default': notDots.map((name) => ({ values: { name }, expected: { name } })),
  'other.int': nat.map((n) => ({ values: { n }, expected: { n } })),
}

/** Query values urlFor appends (names the rules do not use). */
const query = fc.dictionary(fc.constantFrom('q', 'page', 'sort', 'é'), segment, { maxKeys: 3 })

describe('property: urlFor then routing gives back the endpoint and the values', () => {
  let app: App
  before(async () => {
    app = await appFor('reliability-rules', ['rules', 'other'], { exposeErrors: false })
  })
  after(() => app.close())

  it('the fixture covers every endpoint of its modules', () => {
    const endpoints = app.urlMap.endpoints.filter((e) => !e.endsWith('static'))
    assert.deepEqual(endpoints.sort(), Object.keys(cases).sort())
  })

  for (const [endpoint, arbitrary] of Object.entries(cases)) {
    it(endpoint, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, query, async ({ values, expected }, extra) => {
          const built = app.urlMap.urlFor(endpoint, { ...values, ...extra })
          const res = await app.inject(built)
          assert.equal(res.statusCode, 200, `${built} -> ${res.statusCode} ${res.body}`)
          const body = res.json() as { endpoint: string; params: Values; query: Values }
          assert.equal(body.endpoint, endpoint, built)
          for (const [name, value] of Object.entries(expected)) {
            assert.deepEqual(body.params[name], value, `${name} of ${built}`)
          }
          assert.deepEqual(body.query, { ...extra }, `query of ${built}`)
        }),
        { numRuns: runs(60) },
      )
    })
  }

  it('any value either builds a URL that routes back to its endpoint, or is a BuildError', async () => {
    const anything = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(fc.string(), { maxLength: 2 }),
    )
    const endpoints = Object.keys(cases)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc
          .dictionary(
            fc.constantFrom('name', 'code', 'word', 'n', 'x', 'rest', 'id', 'kind', 'year'),
            anything,
          )
          .map((values) => ({ ...values })),
        async (endpoint, values) => {
          let built: string
          try {
            built = app.urlMap.urlFor(endpoint, values)
          } catch (error) {
            assert.ok(error instanceof BuildError, String(error))
            return
          }
          const res = await app.inject(built)
          assert.equal(res.statusCode, 200, `${built} -> ${res.statusCode} ${res.body}`)
          assert.equal((res.json() as { endpoint: string }).endpoint, endpoint)
        },
      ),
      { numRuns: runs(300) },
    )
  })
})

describe('gaps the properties found, now refused by urlFor and the rule parser', () => {
  it('a path value holding a line separator (U+2028, U+2029) or a newline routes back to it', async () => {
    const app = await appFor('reliability-rules', ['rules'])
    try {
      for (const rest of ['a\u2028b', 'x/\u2029/y', 'line\nbreak']) {
        const built = app.urlMap.urlFor('rules.deep_path', { id: 3, rest })
        const res = await app.inject(built)
        assert.equal(res.statusCode, 200, `${built} -> ${res.statusCode}`)
        assert.deepEqual((res.json() as { params: unknown }).params, { id: 3, rest })
      }
    } finally {
      await app.close()
    }
  })

  it('urlFor refuses an int wider than fixed_digits (it builds /fixed/10000, which is a 404)', async () => {
    const app = await appFor('reliability-rules', ['rules'])
    try {
      assert.throws(() => app.urlMap.urlFor('rules.fixed', { n: 10000 }), BuildError)
    } finally {
      await app.close()
    }
  })

  it('urlFor refuses a float it would print with an exponent (it builds /f/5e-324, a 404)', async () => {
    const app = await appFor('reliability-rules', ['rules'])
    try {
      for (const x of [5e-324, 1e-7, 1e21]) {
        let built: string | undefined
        try {
          built = app.urlMap.urlFor('rules.float', { x })
        } catch (error) {
          assert.ok(error instanceof BuildError)
          continue
        }
        assert.equal((await app.inject(built)).statusCode, 200, built)
      }
    } finally {
      await app.close()
    }
  })

  it("urlFor refuses a '/' in a one-segment value (it builds /s/a%2Fb, a 404)", async () => {
    const app = await appFor('reliability-rules', ['rules'])
    try {
      assert.throws(() => app.urlMap.urlFor('rules.default', { name: 'a/b' }), BuildError)
    } finally {
      await app.close()
    }
  })

  it("a literal '*' in a rule is refused as InvalidURLRule (it is handed to find-my-way as a wildcard)", () => {
    for (const rule of ['/files*', '/a*b']) {
      assert.throws(
        () =>
          compileRoutes(
            [{ module: 'm', patterns: [url(rule, () => 'ok', 'r')] }],
            defaultConverters,
          ),
        InvalidURLRule,
      )
    }
  })

  it('a BuildError is raised even for values JSON cannot print', async () => {
    const app = await appFor('reliability-rules', ['rules'])
    try {
      assert.throws(() => app.urlMap.urlFor('rules.bounded', { word: 0n }), BuildError)
      const values = Object.assign(Object.create(null), { big: 1n })
      assert.throws(() => app.urlMap.urlFor('rules.default', values), BuildError)
    } finally {
      await app.close()
    }
  })

  it("urlFor refuses '.' and '..' as a segment (clients remove dot segments: /s/.. is fetched as /)", async () => {
    const app = await appFor('reliability-rules', ['rules'])
    try {
      for (const [endpoint, values] of [
        ['rules.default', { name: '..' }],
        ['rules.default', { name: '.' }],
        ['rules.path', { rest: 'a/../b' }],
        ['rules.path', { rest: './x' }],
      ] as const) {
        assert.throws(() => app.urlMap.urlFor(endpoint, values), BuildError)
      }
    } finally {
      await app.close()
    }
  })
})

/** Pieces rules are made of, so generated rules are often valid and often just wrong. */
const rulePiece = fc.oneof(
  fc.constantFrom('/', '/a', '/b/', '-', '.', ':', '<', '>', '(', ')', ',', '=', '"', "'", ' '),
  fc.constantFrom('<x>', '<int:n>', '<path:p>', '<uuid:u>', '<float:f>', '<string(length=2):s>'),
  fc.constantFrom('<any(a, b):k>', '<int(min=1, max=9):m>', '<int(signed=True):z>', '<nope:q>'),
  fc.constantFrom('<any():e>', '<int(x=):y>', '<:v>', '<1a>', '<a:b:c>', '?', '#', '%2F', '*'),
  fc.stringMatching(/^[a-z_]{1,4}$/),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
)
const ruleString = fc.oneof(
  fc.array(rulePiece, { maxLength: 8 }).map((parts) => `/${parts.join('')}`),
  fc.array(rulePiece, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
)

describe('property: rule strings either parse or raise InvalidURLRule', () => {
  it('parseRule never throws anything else', () => {
    fc.assert(
      fc.property(ruleString, (rule) => {
        try {
          parseRule(rule)
        } catch (error) {
          assert.ok(error instanceof InvalidURLRule, `${JSON.stringify(rule)}: ${error}`)
        }
      }),
      { numRuns: runs(3000) },
    )
  })

  it('parseRule refuses what is not a string', () => {
    for (const value of [undefined, null, 1, {}, [], Symbol('x'), () => '/']) {
      assert.throws(() => parseRule(value), InvalidURLRule)
    }
  })

  it('a rule that compiles also registers in Fastify and answers its own URL', async () => {
    const known = new Set(['InvalidURLRule', 'UnknownConverter'])
    let registered = 0
    await fc.assert(
      fc.asyncProperty(ruleString, async (rule) => {
        let routes: ReturnType<typeof compileRoutes>
        try {
          routes = compileRoutes(
            [{ module: 'm', patterns: [url(rule, () => 'ok', 'r')] }],
            defaultConverters,
          )
        } catch (error) {
          assert.ok(known.has((error as Error).name), `${JSON.stringify(rule)}: ${error}`)
          return
        }
        const route = routes[0] as (typeof routes)[number]
        const app = Fastify()
        app.route({ method: 'GET', url: route.path, handler: async () => 'ok' })
        await app.ready()
        registered++
        await app.close()
      }),
      { numRuns: runs(1500) },
    )
    assert.ok(registered > 0, 'some generated rules were valid')
  })
})

/** Paths of every shape: structure, percent-encoding garbage, overlong UTF-8, controls. */
const pathChar = fc.oneof(
  fc.constantFrom('/', '//', '.', '..', '%', '%2', '%2e', '%2F', '%5C', '%00', '%C0%AE', '%E0%80'),
  fc.constantFrom('%ff', '%uD800', '%%', '?', '#', ';', '*', ':', '\\', '~', '+', '&', '='),
  fc.constantFrom('admin', 'forum', 'board', 'static', 'static_home', 'roles', '1', '-1', 'a.txt'),
  fc.string({ unit: 'grapheme', maxLength: 3 }).map(encodeURIComponent),
  fc.string({ unit: 'binary-ascii', maxLength: 3 }),
)
const randomPath = fc.oneof(
  fc.array(pathChar, { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
  fc.webPath().map((path) => path || '/'),
  fc.array(pathChar, { maxLength: 6 }).map((parts) => `/${parts.join('/')}`),
)

/** Sends a request with the path exactly as written, over a real socket. */
function rawRequest(port: number, method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}
const agent = new Agent({ keepAlive: true, maxSockets: 1 })

describe('property: random paths never produce a 500', () => {
  let app: App
  let port: number
  before(async () => {
    app = await appFor('original-site', ['admin', 'forum', 'home'], { exposeErrors: false })
    await app.listen({ host: '127.0.0.1', port: 0 })
    port = (app.server.address() as AddressInfo).port
  })
  after(async () => {
    agent.destroy()
    await app.close()
  })

  it('every method and path gets an answer below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'),
        randomPath,
        async (method, path) => {
          // Control characters are refused by the HTTP parser before any app code runs.
          // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is replaced
          const safe = path.replace(/[\x00-\x20\x7f]/g, encodeURIComponent)
          let status: number
          try {
            status = (await app.inject({ method: method as 'GET', url: safe })).statusCode
          } catch {
            // inject parses the URL itself (new URL) and refuses some ('/\\'): a socket does not.
            status = await rawRequest(port, method, safe)
          }
          assert.ok(status < 500, `${method} ${safe} -> ${status}`)
        },
      ),
      { numRuns: runs(1500) },
    )
  })
})

// ---------------------------------------------------------------- random rule sets

/** One segment of a generated rule: static text or a converter (path may sit anywhere). */
const ruleSegment = fc.constantFrom(
  'a',
  'b',
  'a.b',
  '<int:v>',
  '<v>',
  '<any(a, b, c):v>',
  '<float:v>',
  '<path:v>',
  'x-<int:v>',
)
const ruleArb = fc
  .tuple(fc.array(ruleSegment, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([segments, slash]) => {
    let n = 0
    const rule = `/${segments.map((s) => s.replace(':v>', () => `:v${n++}>`).replace('<v>', () => `<v${n++}>`)).join('/')}${slash ? '/' : ''}`
    return rule
  })
const ruleSetArb = fc.uniqueArray(ruleArb, { minLength: 2, maxLength: 6 })

/** Werkzeug's order as a plain sort: per part, static before dynamic, then weights, then insertion. */
function referenceOrder(rules: readonly string[]) {
  const compiled = compileRoutes(
    [{ module: 'a', patterns: rules.map((rule, i) => url(rule, () => null, `r${i}`)) }],
    defaultConverters,
  )
  const firstWith = new Map<string, number>()
  const keyed = compiled.map((route, index) => {
    let prefix = ''
    const keys = route.match.parts.map((part) => {
      prefix += `|${part.kind === 'static' ? `s:${part.text}` : `d:${part.source}`}`
      if (!firstWith.has(prefix)) firstWith.set(prefix, index)
      return part
    })
    return { route, index, keys }
  })
  const prefixOf = (upto: number, route: (typeof keyed)[number]) =>
    route.route.match.parts
      .slice(0, upto + 1)
      .map((p) => `|${p.kind === 'static' ? `s:${p.text}` : `d:${p.source}`}`)
      .join('')
  const compare = (x: (typeof keyed)[number], y: (typeof keyed)[number]): number => {
    const a = x.route.match.parts
    const b = y.route.match.parts
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const p = a[i] as (typeof a)[number]
      const q = b[i] as (typeof b)[number]
      if (p.kind === 'static' && q.kind === 'static') {
        // Never both match one URL: any consistent order will do.
        if (p.text !== q.text) return p.text < q.text ? -1 : 1
        continue
      }
      if (p.kind !== q.kind) return p.kind === 'static' ? -1 : 1
      if (p.kind === 'dynamic' && q.kind === 'dynamic' && p.source !== q.source) {
        const w = compareWeights(p.weight, q.weight)
        if (w !== 0) return w
        return (firstWith.get(prefixOf(i, x)) as number) - (firstWith.get(prefixOf(i, y)) as number)
      }
    }
    return a.length - b.length || x.index - y.index
  }
  return { compiled, sorted: [...keyed].sort(compare).map((k) => k.route) }
}

/** The plain reference: each rule as one regex over the decoded path, tried in order. */
function referenceMatch(
  order: readonly CompiledRoute[],
  path: string,
): { endpoint: string; values: Values } | { redirect: true } | undefined {
  const decoded = path.split('/').map(decodeURIComponent).join('/')
  for (const route of order) {
    // Each part's groups renamed apart (p<part>v<n>): one regex for the whole path.
    const source = route.match.parts
      .map((p, pi) =>
        p.kind === 'static'
          ? p.text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
          : p.source.replace(/^F?\^/, '').replace(/\$$/, '').replaceAll('(?<v', `(?<p${pi}v`),
      )
      .join('\\/')
    const tryPath = (candidate: string) => {
      const m = new RegExp(`^\\/${source}$`, 's').exec(candidate)
      if (m === null) return undefined
      const values: Values = {}
      route.match.parts.forEach((part, pi) => {
        if (part.kind !== 'dynamic') return
        part.names.forEach((name, i) => {
          values[name] = m.groups?.[`p${pi}v${i}`]
        })
      })
      try {
        for (const [name, converter] of route.match.converters) {
          values[name] = converter.toValue(values[name] as string)
        }
      } catch {
        return undefined
      }
      return values
    }
    const values = tryPath(decoded)
    if (values !== undefined) return { endpoint: route.endpoint, values }
    if (!decoded.endsWith('/') && route.pattern.rule.endsWith('/') && tryPath(`${decoded}/`)) {
      return { redirect: true }
    }
  }
  return undefined
}

describe('property: random rule sets match as the plain reference matcher does', () => {
  const pathArb = fc
    .array(fc.constantFrom('a', 'b', 'c', 'a.b', '12', '1.5', 'x-3', 'x-y', 'zz'), {
      minLength: 1,
      maxLength: 5,
    })
    .chain((segments) => fc.boolean().map((slash) => `/${segments.join('/')}${slash ? '/' : ''}`))

  it('urlFor builds route back, and any path gets the reference answer', {
    timeout: 240_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        ruleSetArb,
        fc.array(pathArb, { minLength: 4, maxLength: 8 }),
        async (rules, paths) => {
          let order: ReturnType<typeof referenceOrder>
          try {
            order = referenceOrder(rules)
          } catch (error) {
            if ((error as { code?: string }).code === 'FMS_ERR_ROUTE_CONFLICT') return
            throw error
          }
          const app = await routingApp({
            a: rules.map((rule, i) => url(rule, echoView, `r${i}`)),
          })
          try {
            const built: string[] = []
            for (const route of order.compiled) {
              const values: Values = {}
              for (const [name, converter] of route.match.converters) {
                const sample = ['a', 'b', 'c', 'x', 'a/b', '7', '2.5']
                for (const raw of sample) {
                  try {
                    values[name] = converter.toValue(raw)
                    break
                  } catch {}
                }
              }
              try {
                built.push(app.urlMap.urlFor(route.endpoint, values))
              } catch {}
            }
            for (const path of [...built, ...paths]) {
              const expected = referenceMatch(order.sorted, path)
              const res = await app.inject(path)
              const what = `${rules.join(' ')} | ${path}: ${res.statusCode} ${res.body}`
              if (expected === undefined) assert.equal(res.statusCode, 404, what)
              else if ('redirect' in expected) assert.equal(res.statusCode, 308, what)
              else {
                assert.equal(res.statusCode, 200, what)
                const body = res.json() as { endpoint: string; params: Values }
                assert.equal(body.endpoint, expected.endpoint, what)
                assert.deepEqual(body.params, expected.values, what)
              }
            }
          } finally {
            await app.close()
          }
        },
      ),
      { numRuns: runs(25) },
    )
  })
})

const echoView = (request: {
  routeOptions: { config: { endpoint?: string } }
  params: unknown
}) => ({
  endpoint: request.routeOptions.config.endpoint,
  params: request.params,
})
