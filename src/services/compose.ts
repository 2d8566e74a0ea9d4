import { stringify } from 'yaml'
import { EDGE_HOPS, HEALTH_PATH } from './placement.ts'
import type { DeployPlan } from './plan.ts'

/** What docker-compose.yml needs besides the plan. */
export interface ComposeOptions {
  /** The app's image, the same for every service (`${APP_IMAGE}` overrides it at `up`). */
  readonly image: string
  /** The command the container runs (`node server.ts`), from `workdir`. */
  readonly command: readonly string[]
  /** The app's package root (its package.json), relative to the compose file: the build context. */
  readonly context: string
  /** The Dockerfile, relative to the context. */
  readonly dockerfile: string
  /** The port the app listens on in its container (default 3000). */
  readonly port?: number
  /** nginx's image (default 'nginx:1.27-alpine'; `${EDGE_IMAGE}` overrides it at `up`). */
  readonly nginxImage?: string
}

/** The base image of the app's Dockerfile when BASE_IMAGE is not set. */
export const DEFAULT_BASE_IMAGE = 'node:24-slim'

/** The flags of the image's `npm ci` when NPM_CI_FLAGS is not set. */
export const DEFAULT_NPM_CI_FLAGS = '--omit=dev'

/** The nginx upstream addresses inside the compose network: each service by its name. */
export const composeUpstreams = (plan: DeployPlan, port = 3000): Record<string, string[]> =>
  Object.fromEntries(plan.services.map((s) => [s.name, [`${s.name}:${port}`]]))

/** Docker's DNS server inside a compose network: every replica of a service under its name. */
export const COMPOSE_RESOLVER = '127.0.0.11'

const HEALTHCHECK = (port: number) =>
  `fetch('http://127.0.0.1:${port}${HEALTH_PATH}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`

/** `${NAME:-default}` with a literal `$` of the default doubled (compose's escape). */
const withDefault = (name: string, value: string): string =>
  `\${${name}:-${value.replaceAll('$', '$$')}}`

/** Each variable of services.json's "environment" as compose interpolates it at `up`. */
export function composeEnvironment(plan: DeployPlan): Record<string, string> {
  return Object.fromEntries(
    Object.entries(plan.environment).map(([name, value]) => [
      name,
      value === null
        ? `\${${name}:?is required: set it in the environment or in .env beside docker-compose.yml}`
        : withDefault(name, value),
    ]),
  )
}

/** The variables a deployment must be given (null in services.json's "environment"). */
export const requiredVariables = (plan: DeployPlan): string[] =>
  Object.entries(plan.environment)
    .filter(([, value]) => value === null)
    .map(([name]) => name)

/**
 * `host:port:8080` for edge.listen: the edge is published on the address services.json
 * gives (`127.0.0.1:8080` stays on loopback; a bare port is every address), or EDGE_ADDRESS.
 */
export const publishedEdge = (listen: string, containerPort = 8080): string =>
  `${withDefault('EDGE_ADDRESS', listen)}:${containerPort}`

/**
 * docker-compose.yml for the plan: one compose service per service (its replicas, SERVICE,
 * the variables of services.json's "environment", a health check on /_health, a restart
 * policy), sharing a data volume, and nginx in front with the config of `deploy nginx` in
 * ./edge. The edge looks the services up by name per request (Docker's DNS): it starts
 * whatever is up and answers 503 for a service that is down. The image is built from the
 * app's package root with BASE_IMAGE and NPM_CI_FLAGS as build arguments.
 */
export function composeFile(plan: DeployPlan, options: ComposeOptions): string {
  const port = options.port ?? 3000
  const services: Record<string, unknown> = {}
  const environment = composeEnvironment(plan)
  for (const service of plan.services) {
    services[service.name] = {
      image: withDefault('APP_IMAGE', options.image),
      build: {
        context: options.context,
        dockerfile: options.dockerfile,
        args: {
          BASE_IMAGE: withDefault('BASE_IMAGE', DEFAULT_BASE_IMAGE),
          NPM_CI_FLAGS: withDefault('NPM_CI_FLAGS', DEFAULT_NPM_CI_FLAGS),
        },
      },
      command: [...options.command],
      environment: {
        SERVICE: service.name,
        HOST: '0.0.0.0',
        PORT: String(port),
        NODE_ENV: 'production',
        DATA_DIR: '/data',
        // The edge is the one proxy in front: request.ip is the client it forwards.
        TRUST_PROXY: EDGE_HOPS,
        ...environment,
      },
      volumes: ['data:/data'],
      deploy: { replicas: service.replicas },
      restart: 'unless-stopped',
      healthcheck: {
        test: ['CMD', 'node', '-e', HEALTHCHECK(port)],
        interval: '5s',
        timeout: '3s',
        retries: 3,
        start_period: '10s',
      },
      stop_grace_period: '15s',
    }
  }
  services.edge = {
    image: withDefault('EDGE_IMAGE', options.nginxImage ?? 'nginx:1.27-alpine'),
    command: ['nginx', '-p', '/edge/', '-c', 'nginx.conf'],
    volumes: ['./edge:/edge'],
    ports: [publishedEdge(plan.edge.listen)],
    // Started after the services (order only): it does not wait for them to be healthy.
    depends_on: plan.services.map((s) => s.name),
    restart: 'unless-stopped',
  }
  return stringify({ services, volumes: { data: {} } }, { lineWidth: 0 })
}
