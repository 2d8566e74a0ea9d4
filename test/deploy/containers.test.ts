// deploy compose and deploy kubernetes: the files parse, say what the plan says, and the
// Kubernetes objects pass their schemas.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  HTTPRoute,
  type IHTTPRoute,
} from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute'
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment'
import { type ISecret, Secret } from 'kubernetes-models/v1/Secret'
import { type IService, Service } from 'kubernetes-models/v1/Service'
import { parseAllDocuments, parse as parseYaml } from 'yaml'
import { SITE } from '../../scripts/split.ts'
import { type LoadedPlan, loadPlan, writeCompose, writeKubernetes } from '../../src/cli/deploy.ts'
import { DeployVariablesMissing, EdgeConflict } from '../../src/errors.ts'
import { gatewayMatches } from '../../src/services/kubernetes.ts'
import type { DeployPlan } from '../../src/services/plan.ts'
import { fixture } from '../helpers.ts'
import { sourceOf } from './edge.ts'

/** `${inner}` as compose interpolates it at `up`. */
const interpolated = (inner: string): string => `\${${inner}}`

/** The parts of a compose service the test reads. */
interface ComposeService {
  deploy: { replicas: number }
  environment: Record<string, string>
  command: string[]
  healthcheck: { test: string[] }
  ports: string[]
  depends_on: Record<string, unknown>
  build: { context: string; args: Record<string, string> }
}

describe('deploy compose and deploy kubernetes', () => {
  let loaded: LoadedPlan
  let dir: string
  before(async () => {
    loaded = await loadPlan(sourceOf(fixture('split')))
    dir = await mkdtemp(join(tmpdir(), 'fms-containers-'))
  })
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('kubernetes.yaml: a Deployment and a Service per service, one HTTPRoute, each valid', async () => {
    const [file] = await writeKubernetes(loaded, join(dir, 'k8s'), { image: 'shop:1.2.3' })
    const docs = parseAllDocuments(await readFile(file as string, 'utf8')).map(
      (doc) => doc.toJS() as IDeployment | IService | IHTTPRoute,
    )
    assert.deepEqual(
      docs.map((d) => `${d.kind} ${d.metadata?.name}`),
      [
        'Deployment split-web',
        'Service split-web',
        'Deployment split-admin',
        'Service split-admin',
        'HTTPRoute split',
      ],
    )
    // Read back, each passes its schema again.
    for (const doc of docs) {
      const Model = { Deployment, Service, HTTPRoute }[
        doc.kind as 'Deployment' | 'Service' | 'HTTPRoute'
      ]
      new Model(doc as never).validate()
    }
    const admin = (docs[2] as IDeployment).spec
    assert.equal(admin?.replicas, 2)
    const container = admin?.template.spec?.containers[0]
    assert.equal(container?.image, 'shop:1.2.3')
    assert.deepEqual(container?.command, ['node', 'server.ts'])
    assert.deepEqual(
      container?.env?.find((e) => e.name === 'SERVICE'),
      { name: 'SERVICE', value: 'admin' },
    )
    assert.deepEqual(container?.readinessProbe?.httpGet, { path: '/_health', port: 'http' })
    assert.deepEqual((docs[3] as IService).spec?.selector, admin?.selector.matchLabels)

    const route = (docs[4] as IHTTPRoute).spec
    assert.deepEqual(route?.parentRefs, [{ name: 'edge' }])
    const matches = (route?.rules ?? []).flatMap((rule) =>
      (rule.matches ?? []).map(
        (m) => `${m.path?.type} ${m.path?.value} -> ${rule.backendRefs?.[0]?.name}`,
      ),
    )
    assert.ok(
      matches.every((m: string) => /^(Exact|PathPrefix) /.test(m)),
      'core match types only',
    )
    assert.ok(matches.includes('Exact /admin/forum/ -> split-web'))
    assert.ok(matches.includes('Exact /admin -> split-admin'))
    assert.ok(matches.includes('PathPrefix /admin/roles/ -> split-admin'))
    assert.ok(matches.includes('PathPrefix / -> split-web'), 'paths no rule owns: the fallback')
    assert.equal(matches.length, loaded.plan.locations.length + 1)
  })

  it('kubernetes.yaml of the example: a Secret of its settings, the database URL, a local image', async () => {
    const site = await loadPlan(sourceOf(SITE))
    const env = { ADMIN_PASSWORD: 'k8s secret', DATABASE_URL: 'postgres://db.example/site' }
    const [file] = await writeKubernetes(site, join(dir, 'k8s-site'), {}, env)
    const docs = parseAllDocuments(await readFile(file as string, 'utf8')).map(
      (doc) => doc.toJS() as IDeployment | ISecret,
    )
    const secret = docs[0] as ISecret
    assert.equal(`${secret.kind} ${secret.metadata?.name}`, 'Secret site-env')
    new Secret(secret).validate()
    assert.deepEqual(secret.stringData, {
      ADMIN_PASSWORD: 'k8s secret',
      DATABASE_URL: 'postgres://db.example/site',
      REDIS_URL: '',
      SESSION_SECRET: '',
      LOG_LEVEL: 'info',
    })
    const deployments = docs.filter((d): d is IDeployment => d.kind === 'Deployment')
    assert.equal(deployments.length, 3)
    for (const deployment of deployments) {
      const [container] = deployment.spec?.template.spec?.containers ?? []
      assert.equal(container?.image, 'site:0.1.0', 'tagged by the package version, not :latest')
      assert.equal(container?.imagePullPolicy, 'IfNotPresent')
      assert.deepEqual(container?.envFrom, [{ secretRef: { name: 'site-env' } }])
    }
  })

  it('kubernetes refuses to write the Secret without a required variable, naming it', async () => {
    const site = await loadPlan(sourceOf(SITE))
    await assert.rejects(writeKubernetes(site, join(dir, 'k8s-none'), {}, {}), {
      code: DeployVariablesMissing.code,
      message: /'ADMIN_PASSWORD'.*--env-file/,
    })
  })

  it("refuses a prefix the Gateway API's whole-segment PathPrefix cannot tell apart", () => {
    const plan = {
      ...loaded.plan,
      locations: [
        { match: 'prefix', path: '/page', service: 'web', endpoints: ['a'], methods: ['GET'] },
        { match: 'prefix', path: '/pages/', service: 'admin', endpoints: ['b'], methods: ['GET'] },
        { match: 'prefix', path: '/p', service: 'admin', endpoints: ['c'], methods: ['GET'] },
      ],
    } as DeployPlan
    assert.throws(() => gatewayMatches(plan), {
      code: EdgeConflict.code,
      message: /PathPrefix '\/' .* 'web' and 'admin'/,
    })
  })

  it('docker-compose.yml: a service per service with replicas and a health check, nginx in front', async () => {
    const { files, required } = await writeCompose(loaded, join(dir, 'compose'))
    assert.deepEqual(required, [], 'the fixture declares no "environment"')
    const compose = parseYaml(await readFile(files[0] as string, 'utf8')) as {
      services: Record<string, Record<string, unknown> & ComposeService>
      volumes: Record<string, unknown>
    }
    assert.deepEqual(Object.keys(compose.services), ['web', 'admin', 'edge'])
    const admin = compose.services.admin as ComposeService
    assert.equal(admin.deploy.replicas, 2)
    assert.equal(admin.environment.SERVICE, 'admin')
    assert.deepEqual(admin.command, ['node', 'server.ts'])
    assert.deepEqual(admin.healthcheck.test.slice(0, 3), ['CMD', 'node', '-e'])
    assert.match(String(admin.healthcheck.test[3]), /http:\/\/127\.0\.0\.1:3000\/_health/)
    const edge = compose.services.edge as ComposeService
    // edge.listen's address is kept (loopback stays loopback); EDGE_ADDRESS moves it.
    assert.deepEqual(edge.ports, [`${interpolated('EDGE_ADDRESS:-127.0.0.1:8080')}:8080`])
    // Start order only: the edge does not wait for every service to be healthy.
    assert.deepEqual(edge.depends_on, ['web', 'admin'])
    assert.equal(admin.environment.TRUST_PROXY, '1')
    const { build } = admin
    assert.deepEqual(build.args, {
      BASE_IMAGE: interpolated('BASE_IMAGE:-node:24-slim'),
      NPM_CI_FLAGS: interpolated('NPM_CI_FLAGS:---omit=dev'),
    })
    // The build context is the package root (its package.json), not the app's folder.
    assert.equal(
      resolve(join(dir, 'compose'), build.context),
      resolve(fixture('split'), '../../..'),
    )
    const conf = await readFile(join(dir, 'compose', 'edge', 'nginx.conf'), 'utf8')
    // Looked up per request: nginx starts with a service down and answers 503 for it.
    assert.match(conf, /resolver 127\.0\.0\.11 valid=1s/)
    assert.match(conf, /map \$host \$svc_admin \{ default "admin:3000"; \}/)
    assert.match(conf, /proxy_pass http:\/\/\$svc_admin;/)
    assert.doesNotMatch(conf, /upstream svc_/)
    assert.match(conf, /listen 8080;/)
    const dockerfile = await readFile(files[2] as string, 'utf8')
    assert.match(dockerfile, /^ARG BASE_IMAGE=node:24-slim\nFROM \$\{BASE_IMAGE\}$/m)
    assert.match(dockerfile, /^COPY package\*\.json \.\/$/m)
    assert.match(dockerfile, /^ARG NPM_CI_FLAGS=--omit=dev\nRUN npm ci \$\{NPM_CI_FLAGS\}/m)
    assert.match(dockerfile, /^WORKDIR \/app\/test\/fixtures\/split$/m)
  })
})
