// The app's own setErrorHandler after the library: no Fastify warning (FSTWRN004, emitted
// once per process, hence a file of its own) and, with allowErrorHandlerOverride: false,
// no FST_ERR_ERROR_HANDLER_ALREADY_SET: the library never calls setErrorHandler on the app.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { MicroServicesApp, microservices } from '../../src/index.ts'
import { fixture } from '../helpers.ts'

const options = {
  root: fixture('plugin-app'),
  modules: ['shop'],
  modulesEnv: false,
  routeTypes: false,
} as const

const warnings: Error[] = []
const collect = (warning: Error) => warnings.push(warning)
process.on('warning', collect)
after(() => {
  process.off('warning', collect)
})

const FORMS = {
  plugin: async (fastify: { allowErrorHandlerOverride: boolean }) => {
    const app = Fastify(fastify)
    await app.register(microservices, options)
    return app
  },
  MicroServicesApp: async (fastify: { allowErrorHandlerOverride: boolean }) => {
    const { modules, ...rest } = options
    const app = MicroServicesApp({ ...rest, ...fastify })
    await app.registerUrls(modules)
    return app as FastifyInstance
  },
} as const

describe("the app's own setErrorHandler after the library", () => {
  for (const [form, build] of Object.entries(FORMS)) {
    for (const allowErrorHandlerOverride of [true, false]) {
      it(`${form}, allowErrorHandlerOverride ${allowErrorHandlerOverride}: no warning, no throw, the app's handler answers`, async () => {
        const app = await build({ allowErrorHandlerOverride })
        app.setErrorHandler((error: FastifyError, request, reply) =>
          reply.code(503).send({ mine: error.message, module: request.blueprint ?? null }),
        )
        app.get('/own', () => {
          throw new Error('own route')
        })
        const res = await app.inject('/shop/fail')
        assert.equal(res.statusCode, 503)
        assert.deepEqual(res.json(), { mine: 'out of stock', module: 'shop' })
        assert.deepEqual((await app.inject('/own')).json(), { mine: 'own route', module: null })
        await app.close()
        // process-warning emits on the next tick
        await new Promise((resolve) => setImmediate(resolve))
        const fastifyWarnings = warnings.filter(
          (w) => (w as { code?: string }).code === 'FSTWRN004',
        )
        assert.deepEqual(fastifyWarnings, [])
      })
    }
  }
})
