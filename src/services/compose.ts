import { stringify } from 'yaml'
import { EDGE_HOPS, HEALTH_PATH } from './placement.ts'
import type { DeployPlan } from './plan.ts'

/** What docker-compose.yml needs besides the plan. */
export interface ComposeOptions {
  /** The app's image, the same for every service. */
  readonly image: string
  /** The command the container runs (`node server.ts`). */
  readonly command: readonly string[]
  /** The app's folder, relative to the compose file, built into the image. */
  readonly context: string
  /** The Dockerfile, relative to the context. */
  readonly dockerfile: string
  /** The port the app listens on in its container (default 3000). */
  readonly port?: number
  /** The host port the edge is published on (default: edge.listen's port). */
  readonly edgePort?: number
  /** nginx's image (default 'nginx:1.27-alpine'). */
  readonly nginxImage?: string
}

/** The nginx upstream addresses inside the compose network: each service by its name. */
export const composeUpstreams = (plan: DeployPlan, port = 3000): Record<string, string[]> =>
  Object.fromEntries(plan.services.map((s) => [s.name, [`${s.name}:${port}`]]))

const HEALTHCHECK = (port: number) =>
  `fetch('http://127.0.0.1:${port}${HEALTH_PATH}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`

/**
 * docker-compose.yml for the plan: one compose service per service (its replicas, SERVICE,
 * a health check on /_health), sharing a data volume (one host only), and nginx in front
 * with the config of `deploy nginx` in ./edge, started once every service is healthy.
 */
export function composeFile(plan: DeployPlan, options: ComposeOptions): string {
  const port = options.port ?? 3000
  const listen = plan.edge.listen
  const edgePort = options.edgePort ?? Number(listen.slice(listen.lastIndexOf(':') + 1))
  const services: Record<string, unknown> = {}
  for (const service of plan.services) {
    services[service.name] = {
      image: options.image,
      build: { context: options.context, dockerfile: options.dockerfile },
      command: [...options.command],
      environment: {
        SERVICE: service.name,
        HOST: '0.0.0.0',
        PORT: String(port),
        NODE_ENV: 'production',
        DATA_DIR: '/data',
        // The edge is the one proxy in front: request.ip is the client it forwards.
        TRUST_PROXY: EDGE_HOPS,
      },
      volumes: ['data:/data'],
      deploy: { replicas: service.replicas },
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
    image: options.nginxImage ?? 'nginx:1.27-alpine',
    command: ['nginx', '-p', '/edge/', '-c', 'nginx.conf'],
    volumes: ['./edge:/edge'],
    ports: [`${edgePort}:8080`],
    depends_on: Object.fromEntries(
      plan.services.map((s) => [s.name, { condition: 'service_healthy' }]),
    ),
  }
  return stringify({ services, volumes: { data: {} } }, { lineWidth: 0 })
}
