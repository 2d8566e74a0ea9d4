declare module 'fastify' {
  interface FastifyInstance {
    /** The site's settings, read once at start-up (Django's settings). */
    settings: SiteSettings
  }
}

/** What the site reads from its environment, or from the options of buildSite. */
export interface SiteSettings {
  /** NODE_ENV is 'production': no default password, cookies only over HTTPS behind a proxy. */
  readonly production: boolean
  /**
   * ADMIN_PASSWORD. Unset outside production: 'admin', for a first look. Unset or empty in
   * production: the admin module refuses to start.
   */
  readonly adminPassword: string | undefined
  /** How long an admin session lasts (ms). Default 8 hours. */
  readonly sessionMs: number
  /** Login attempts allowed per client and minute. Default 5. */
  readonly loginsPerMinute: number
  /** Forum posts allowed per client and minute. Default 10. */
  readonly postsPerMinute: number
  /** DATABASE_URL: a PostgreSQL server every replica shares. Unset: SQLite in the data folder. */
  readonly databaseUrl: string | undefined
  /** REDIS_URL: where every replica counts rate limits. Unset: each process in its memory. */
  readonly redisUrl: string | undefined
}

/** The settings from the environment, with `overrides` (tests) winning. */
export function siteSettings(
  env: NodeJS.ProcessEnv,
  overrides: Partial<SiteSettings> = {},
): SiteSettings {
  const production = overrides.production ?? env.NODE_ENV === 'production'
  return {
    production,
    adminPassword:
      'adminPassword' in overrides
        ? overrides.adminPassword
        : (env.ADMIN_PASSWORD ?? (production ? undefined : 'admin')),
    sessionMs: overrides.sessionMs ?? 8 * 60 * 60 * 1000,
    loginsPerMinute: overrides.loginsPerMinute ?? 5,
    postsPerMinute: overrides.postsPerMinute ?? 10,
    databaseUrl: 'databaseUrl' in overrides ? overrides.databaseUrl : env.DATABASE_URL || undefined,
    redisUrl: 'redisUrl' in overrides ? overrides.redisUrl : env.REDIS_URL || undefined,
  }
}
