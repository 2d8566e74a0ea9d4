import type { FastifyInstance } from 'fastify'
import { ServicesConfigInvalid, UnknownService } from '../errors.ts'
import type { AppInspection } from '../modules/inspect.ts'
import type { LoadedModule } from '../modules/load.ts'
import { topModule } from '../modules/registration.ts'
import { checkPlacement, readServices, SERVICES_FILE, type ServicesConfig } from './config.ts'

/** The path of every process's health endpoint; the edge maps `/_health/<service>` to it. */
export const HEALTH_PATH = '/_health'

/**
 * TRUST_PROXY for a service behind the generated edge: one hop (nginx or the Gateway), so
 * request.ip is the client the edge forwards, and a client's own X-Forwarded-For is not.
 */
export const EDGE_HOPS = '1'

/** What one process mounts: its service's modules; it knows every module's rules. */
export interface Placement {
  /** The service this process runs, or undefined when it runs every module (one process). */
  readonly service: string | undefined
  readonly config: ServicesConfig | undefined
  /** The modules this process registers routes for, in enabled order. */
  readonly mounted: readonly LoadedModule[]
}

/**
 * Decides which of the inspected modules this process mounts. With a service name
 * (`SERVICE=web`), services.json must exist and place every enabled module exactly once;
 * only that service's modules are mounted. Without one, every module is.
 */
export function placeModules(inspection: AppInspection, service: string | undefined): Placement {
  const config = readServices(inspection.root)
  if (service === undefined || service === '') {
    return { service: undefined, config, mounted: inspection.modules }
  }
  if (config === undefined) {
    throw new ServicesConfigInvalid(
      `${inspection.root}/${SERVICES_FILE}`,
      `the process was asked to run service '${service}' but the app has no ${SERVICES_FILE}`,
    )
  }
  const own = config.services.get(service)
  if (own === undefined) throw new UnknownService(service, [...config.services.keys()])
  // services.json places top-level modules; child modules go with their parent.
  checkPlacement(
    config,
    inspection.modules.filter((m) => m.parent === undefined).map((m) => m.name),
  )
  return {
    service,
    config,
    mounted: inspection.modules.filter((m) => own.modules.includes(topModule(m.name))),
  }
}

/** Options of the per-process additions of a split. */
export interface ServiceRoutesOptions {
  /** A response header naming the service on every answer (tests, debugging), e.g. 'x-service'. */
  readonly header?: string
}

/**
 * Adds `GET /_health` (`{ status, service, modules }`) when the app has services.json or runs
 * as a service, and the header naming the service when asked. A closing app answers 503
 * there as everywhere, so the edge and the orchestrator stop sending it requests.
 */
export function serviceRoutes(
  app: FastifyInstance,
  placement: Placement,
  options: ServiceRoutesOptions = {},
): void {
  const name = placement.service ?? null
  if (options.header !== undefined) {
    const header = options.header
    const value = name ?? 'all'
    // onSend: also on answers given before any route runs (the 405/308 hook, a 404).
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header(header, value)
      return payload
    })
  }
  if (placement.config === undefined && placement.service === undefined) return
  const modules = placement.mounted.map((m) => m.name)
  app.get(HEALTH_PATH, async () => ({ status: 'ok', service: name, modules }))
}
