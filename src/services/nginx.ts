import { HEALTH_PATH } from './placement.ts'
import type { DeployPlan, EdgeLocation } from './plan.ts'

/**
 * One static URL prefix and the folder (relative to the nginx prefix) nginx serves it from,
 * or the service that answers it (a guarded module's own files: its hooks run there).
 */
export type EdgeStaticFolder =
  | {
      /** `/static/` (the chain, module-first) or `/static_<module>/`. */
      readonly path: string
      /** Relative to the folder nginx.conf is in: `static/`, `static_forum/`. */
      readonly dir: string
      readonly service?: undefined
    }
  | { readonly path: string; readonly service: string; readonly dir?: undefined }

/** What the nginx config needs besides the plan. */
export interface NginxOptions {
  /** The collected static folders; a prefix without one is left to the app. */
  readonly staticFolders: readonly EdgeStaticFolder[]
  /** MIME type -> file extensions, for the static files nginx serves. */
  readonly types: Readonly<Record<string, readonly string[]>>
  /** Replaces the addresses of services.json (tests run on free ports). */
  readonly upstreams?: Readonly<Record<string, readonly string[]>>
  /** Replaces edge.listen. */
  readonly listen?: string
  /** Run in the foreground (containers, tests); default true. */
  readonly foreground?: boolean
  /** `worker_processes`; default 'auto'. */
  readonly workers?: number | 'auto'
  /**
   * A DNS server (Docker's 127.0.0.11): the upstreams are names looked up per request
   * (every replica's address, re-read within seconds), not once at start. nginx starts
   * while a service is down and answers 503 for it alone.
   */
  readonly resolver?: string
}

/** The upstream block name of a service. */
const upstreamName = (service: string): string => `svc_${service.replaceAll('-', '_')}`

/** What proxy_pass names for a service: its upstream block, or its variable (resolver). */
const target = (service: string, resolver: boolean): string =>
  resolver ? `$${upstreamName(service)}` : upstreamName(service)

/** A string as an nginx config value: always quoted, so no character of a path is syntax. */
const quote = (value: string): string =>
  `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`

/** The app's own JSON error body (Fastify's shape), for answers the edge gives itself. */
const appError = (statusCode: number, error: string, message: string, code?: string): string =>
  JSON.stringify(
    code === undefined ? { statusCode, error, message } : { statusCode, code, error, message },
  )

/** A `return` of a JSON body, quoted for nginx. */
const jsonReturn = (
  status: number,
  body: string,
  type = 'application/json; charset=utf-8',
): string => `default_type "${type}";\n      return ${status} '${body.replaceAll("'", "\\'")}';`

/** Where nginx sends a request it refuses as malformed: a named location needs a parsed URI, this does not. */
const BAD_REQUEST = '/_edge/400'

/** Cache-busting names (`site.3f2a9c1b7d4e.css`) get a year and `immutable`, as the app gives them. */
const HASHED = '~\\.[0-9a-f]{12}(\\.[^./]+)?$'

/**
 * A request whose raw path has a dot segment, plain or encoded, after a plain or encoded
 * slash (nginx decodes '%2F', then resolves the '..' it makes): nginx would route it by the
 * path it resolves to, the app by the one sent.
 */
const DOT_SEGMENT = '(?i)^[^?]*(/|%2f)(\\.|%2e){1,2}(/|%2f|\\?|$)'

function proxyLocation(location: EdgeLocation, resolver: boolean): string {
  const form = location.match === 'exact' ? '=' : '^~'
  const note =
    location.endpoints.length === 0
      ? '# the app answers 308 to the slashed URL'
      : `# ${location.endpoints.join(', ')}`
  const limit =
    location.bodyLimit === undefined ? '' : `\n      client_max_body_size ${location.bodyLimit};`
  return `    location ${form} ${quote(location.path)} { ${note}${limit}
      proxy_pass http://${target(location.service, resolver)};
    }`
}

/**
 * A complete nginx.conf for the plan, runnable as `nginx -p DIR -c nginx.conf`: every path
 * inside DIR (pid, logs, temp files, static folders), locations in the app's precedence
 * (`= /x` and `^~ /x/`, so nginx never answers a 301 of its own), static files from DIR,
 * the app's answers for what nginx refuses itself.
 */
export function nginxConfig(plan: DeployPlan, options: NginxOptions): string {
  const listen = options.listen ?? plan.edge.listen
  const resolver = options.resolver !== undefined
  const fallback = target(plan.edge.fallback, resolver)
  const types = Object.entries(options.types)
    .map(([type, extensions]) => `    ${type} ${extensions.join(' ')};`)
    .join('\n')
  const servers = (service: DeployPlan['services'][number]) =>
    options.upstreams?.[service.name] ?? service.upstreams
  const upstreams = plan.services
    .map((service) => {
      if (resolver) {
        // A variable: nginx resolves the name per request (valid=), so a name that does
        // not resolve (no replica running) is a 502 for this service only, not a failed start.
        return `  map $host ${target(service.name, true)} { default ${quote(servers(service)[0] as string)}; } # ${service.modules.join(', ')}`
      }
      return `  upstream ${upstreamName(service.name)} { # ${service.modules.join(', ')}
${servers(service)
  .map((address) => `    server ${address} max_fails=1 fail_timeout=1s;`)
  .join('\n')}
    keepalive 32;
    keepalive_timeout 60s; # below the app's 72 s: nginx, not Node, closes an idle connection
  }`
    })
    .join('\n')
  const health = plan.services
    .map(
      (service) =>
        `    location = ${quote(service.health)} { proxy_pass http://${target(service.name, resolver)}${HEALTH_PATH}; }`,
    )
    .join('\n')
  const staticBlocks = options.staticFolders
    .map((folder) =>
      folder.dir === undefined
        ? `    location ^~ ${quote(folder.path)} { # the module's hooks guard its files: its service answers
      proxy_pass http://${target(folder.service, resolver)};
    }`
        : `    location ^~ ${quote(folder.path)} {
      alias ${quote(folder.dir)};
      try_files $uri =404; # a folder is not a file: no 301 to its slashed name
      error_page 404 405 = @app; # missing files, POST and OPTIONS: the app's own answers
      error_page 413 @too_large; # a location's error_page replaces the server's: repeated
      error_page 502 504 =503 @unavailable;
      add_header Cache-Control $static_cache_control always;
      add_header X-Content-Type-Options nosniff always;
      charset utf-8;
      charset_types text/css text/plain text/javascript application/javascript application/json image/svg+xml text/xml;
      gzip_static on;
      gzip_vary on;
    }`,
    )
    .join('\n')
  return `# Generated by \`fastify-microservices deploy nginx\` from services.json and the app's rules.
# Run: nginx -p <this folder> -c nginx.conf    Reload: nginx -p <this folder> -c nginx.conf -s reload
${options.foreground === false ? '' : 'daemon off;\n'}worker_processes ${options.workers ?? 'auto'};
pid nginx.pid;
error_log error.log warn;

events {
  worker_connections 1024;
}

http {
  types {
${types}
  }
  default_type application/octet-stream;
  access_log off;
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path tmp/body;
  proxy_temp_path tmp/proxy;
  fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi;
  scgi_temp_path tmp/scgi;

  # The path nginx matches is the one the app sees: no merging of '//'.
  merge_slashes off;
  # The app's limits: 1 MiB bodies by default (413), 16 KiB of headers as Node.
  client_max_body_size ${plan.edge.bodyLimit};
  large_client_header_buffers 4 16k;

  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host $http_host;
  proxy_set_header X-Forwarded-Host $http_host;
  proxy_set_header X-Forwarded-Proto $scheme;
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  proxy_set_header X-Real-IP $remote_addr;
  proxy_redirect off;
  proxy_connect_timeout 5s;
  proxy_read_timeout 120s;
  # A replica that refuses, fails or is closing (503) gets the request sent to another;
  # POST and other non-idempotent requests are never sent twice (nginx's default).
  proxy_next_upstream error timeout http_502 http_503;
  proxy_next_upstream_tries 3;
${
  resolver
    ? `  resolver ${options.resolver} valid=1s ipv6=off;
  resolver_timeout 2s;
`
    : ''
}
  # The path of a request nginx refuses as malformed ($request_uri is empty then), for the app's 400.
  map $request $edge_bad_path {
    "~^[A-Z]+ (?<path>[-A-Za-z0-9._~!&'()*+,;=:@/%?]+) " $path; # nothing JSON would need to escape
    default "";
  }

  map $uri $static_cache_control {
    "${HASHED}" "public, max-age=31536000, immutable";
    default "public, max-age=0";
  }

${upstreams}

  server {
    listen ${listen};
    server_name ${plan.edge.serverName ?? '_'};

    # nginx's own refusals, answered with the app's bodies.
    error_page 400 ${BAD_REQUEST};
    error_page 413 @too_large;
    error_page 502 504 =503 @unavailable;
    error_page 418 = @app;

    # A dot segment ('/../', '/%2e%2e/', '%2f..%2f') in the raw path: the app decides, not nginx's resolved path.
    if ($request_uri ~ "${DOT_SEGMENT}") { return 418; }

    # Rules, in the app's precedence: exact paths, then the longest prefix.
${plan.locations.map((location) => proxyLocation(location, resolver)).join('\n')}

    # Each service's health endpoint.
${health}

    # Static files, collected module-first as the app resolves them.
${staticBlocks}

    # Paths no rule owns: the app's own 404.
    location / {
      proxy_pass http://${fallback};
    }
    location @app {
      proxy_pass http://${fallback};
    }
    location = ${BAD_REQUEST} {
      internal;
      ${jsonReturn(400, `{"error":"Bad Request","code":"FST_ERR_BAD_URL","message":"'$edge_bad_path' is not a valid url component","statusCode":400}`, 'application/json')}
    }
    location @too_large {
      ${jsonReturn(413, appError(413, 'Payload Too Large', 'Request body is too large', 'FST_ERR_CTP_BODY_TOO_LARGE'))}
    }
    location @unavailable {
      ${jsonReturn(503, appError(503, 'Service Unavailable', 'Service Unavailable'))}
    }
  }
}
`
}
