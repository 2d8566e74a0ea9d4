import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { Secret } from 'kubernetes-models/v1/Secret'
import { Service } from 'kubernetes-models/v1/Service'
import { stringify } from 'yaml'
import { EdgeConflict } from '../errors.ts'
import { EDGE_HOPS, HEALTH_PATH } from './placement.ts'
import type { DeployPlan } from './plan.ts'

/** What the manifests need besides the plan. */
export interface ClusterOptions {
  /** The app's name: prefix of every object, `app.kubernetes.io/name`. */
  readonly name: string
  /** The app's container image, the same for every service. */
  readonly image: string
  /** The command the container runs (`node server.ts`). */
  readonly command: readonly string[]
  /** The Gateway the HTTPRoute attaches to (default 'edge'). */
  readonly gateway?: string
  /** The port the app listens on in its container (default 3000). */
  readonly port?: number
  /**
   * The values of services.json's "environment" (a password, DATABASE_URL): the Secret
   * every Deployment reads its environment from.
   */
  readonly environment?: Readonly<Record<string, string>>
}

/** A path match of the Gateway API's core: Exact, or PathPrefix (whole segments). */
export interface GatewayMatch {
  readonly type: 'Exact' | 'PathPrefix'
  readonly value: string
  readonly service: string
}

/** The most matches one rule of an HTTPRoute may hold. */
const MATCHES_PER_RULE = 64

/**
 * The plan's locations as core Gateway API matches. A PathPrefix matches whole path segments
 * ('/forum/' matches '/forum' and '/forum/x', never '/forumx'), so a prefix ending inside a
 * segment is cut back to its last '/'; two services left with one prefix are refused.
 * Paths no rule owns go to the fallback service (PathPrefix '/').
 */
export function gatewayMatches(plan: DeployPlan): GatewayMatch[] {
  const prefixes = new Map<string, string>()
  const matches: GatewayMatch[] = []
  for (const location of plan.locations) {
    if (location.match === 'exact') {
      matches.push({ type: 'Exact', value: location.path, service: location.service })
      continue
    }
    const value = location.path.slice(0, location.path.lastIndexOf('/') + 1)
    const owner = prefixes.get(value)
    if (owner !== undefined && owner !== location.service) {
      throw new EdgeConflict(
        `the Gateway API's PathPrefix '${value}' (whole segments) would serve services '${owner}' and '${location.service}'`,
      )
    }
    if (owner === undefined) {
      prefixes.set(value, location.service)
      matches.push({ type: 'PathPrefix', value, service: location.service })
    }
  }
  const root = prefixes.get('/')
  if (root !== undefined && root !== plan.edge.fallback) {
    throw new EdgeConflict(
      `service '${root}' has a rule under '/' itself, while paths no rule owns go to service '${plan.edge.fallback}' (edge.fallback)`,
    )
  }
  if (root === undefined) {
    matches.push({ type: 'PathPrefix', value: '/', service: plan.edge.fallback })
  }
  return matches
}

const objectName = (app: string, service: string): string =>
  `${app}-${service}`.toLowerCase().replaceAll('_', '-')

/**
 * Kubernetes manifests for the plan, as YAML documents: a Secret with the app's settings
 * (services.json's "environment"); per service a Deployment (its replicas, `SERVICE=<name>`,
 * the Secret as environment, readiness and liveness probes on /_health) and a Service; one
 * Gateway API HTTPRoute of core match types only. Each object is validated against its
 * schema (`validate()`) before it is written.
 */
export function kubernetesManifests(plan: DeployPlan, options: ClusterOptions): string {
  const port = options.port ?? 3000
  const labels = (service: string) => ({
    'app.kubernetes.io/name': options.name,
    'app.kubernetes.io/component': service,
  })
  const objects: { validate(): void; toJSON(): unknown }[] = []
  const secret = `${options.name}-env`
  const environment = options.environment ?? {}
  if (Object.keys(environment).length > 0) {
    objects.push(
      new Secret({
        metadata: { name: secret, labels: { 'app.kubernetes.io/name': options.name } },
        type: 'Opaque',
        stringData: { ...environment },
      }),
    )
  }
  for (const service of plan.services) {
    const name = objectName(options.name, service.name)
    const probe = { httpGet: { path: HEALTH_PATH, port: 'http' } }
    objects.push(
      new Deployment({
        metadata: { name, labels: labels(service.name) },
        spec: {
          replicas: service.replicas,
          selector: { matchLabels: labels(service.name) },
          template: {
            metadata: { labels: labels(service.name) },
            spec: {
              terminationGracePeriodSeconds: 30,
              containers: [
                {
                  name: service.name.toLowerCase().replaceAll('_', '-'),
                  image: options.image,
                  // A tag that names one build: a locally loaded image is used as it is.
                  imagePullPolicy: 'IfNotPresent',
                  command: [...options.command],
                  env: [
                    { name: 'SERVICE', value: service.name },
                    { name: 'HOST', value: '0.0.0.0' },
                    { name: 'PORT', value: String(port) },
                    { name: 'NODE_ENV', value: 'production' },
                    // The Gateway is the one proxy in front: request.ip is the client it forwards.
                    { name: 'TRUST_PROXY', value: EDGE_HOPS },
                  ],
                  ...(Object.keys(environment).length === 0
                    ? {}
                    : { envFrom: [{ secretRef: { name: secret } }] }),
                  ports: [{ name: 'http', containerPort: port }],
                  readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 2 },
                  livenessProbe: { ...probe, periodSeconds: 10, failureThreshold: 3 },
                },
              ],
            },
          },
        },
      }),
      new Service({
        metadata: { name, labels: labels(service.name) },
        spec: {
          selector: labels(service.name),
          ports: [{ name: 'http', port: 80, targetPort: 'http' }],
        },
      }),
    )
  }
  const byService = Map.groupBy(gatewayMatches(plan), (match) => match.service)
  const rules = [...byService].flatMap(([service, matches]) => {
    const chunks: GatewayMatch[][] = []
    for (let i = 0; i < matches.length; i += MATCHES_PER_RULE) {
      chunks.push(matches.slice(i, i + MATCHES_PER_RULE))
    }
    return chunks.map((chunk) => ({
      matches: chunk.map((m) => ({ path: { type: m.type, value: m.value } })),
      backendRefs: [{ name: objectName(options.name, service), port: 80 }],
    }))
  })
  objects.push(
    new HTTPRoute({
      metadata: { name: options.name, labels: { 'app.kubernetes.io/name': options.name } },
      spec: {
        parentRefs: [{ name: options.gateway ?? 'edge' }],
        ...(plan.edge.serverName === undefined ? {} : { hostnames: [plan.edge.serverName] }),
        rules,
      },
    }),
  )
  for (const object of objects) object.validate()
  return objects.map((object) => stringify(object.toJSON(), { lineWidth: 0 })).join('---\n')
}
