import type { Server } from 'node:http'
import type { FastifyInstance } from 'fastify'

/** What a server factory gets from the harness (as JSON on the command line). */
export interface ServerOptions {
  /** An app folder (module app, bare Fastify with the same templates). */
  readonly root?: string
  /** Static folders, first first (@fastify/static). */
  readonly roots?: readonly string[]
  /** Packages the process imports before it builds the server, without using them. */
  readonly preload?: readonly string[]
}

/** A server ready to listen: a Fastify instance or a plain node:http server. */
export type Served = FastifyInstance | Server

/** Every file of servers/ but this one exports a factory of this type as default. */
export type ServerFactory = (options: ServerOptions) => Promise<Served>
