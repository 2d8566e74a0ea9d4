import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TemplateFolders } from '../../src/templates/engine.ts'

/** The original's example app: modules admin, forum, home and a root templates folder. */
export const EXAMPLE = fileURLToPath(new URL('../fixtures/templates-example/', import.meta.url))
export const MODULES = ['admin', 'forum', 'home'] as const

export function foldersOf(root: string, modules: readonly string[] = MODULES): TemplateFolders {
  return {
    rootDir: join(root, 'templates'),
    modules: modules.map((module) => ({ module, dir: join(root, 'modules', module, 'templates') })),
  }
}

export const filters = { shout: (value: unknown) => String(value).toUpperCase() }

/** A fake of the core's urlFor: enough to see what templates pass it (it skips nunjucks' marker too). */
export function fakeUrlFor(endpoint: string, values: Record<string, unknown> = {}): string {
  if (endpoint === 'static') return `/static/${String(values.filename)}`
  const { __keywords: _marker, ...given } = values
  const query = new URLSearchParams(given as Record<string, string>).toString()
  return `/${endpoint.replace('.', '/')}${query ? `?${query}` : ''}`
}

/** A writable copy of a fixture (or an empty folder), removed by the returned function. */
export function scratch(from?: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fms-templates-'))
  if (from) cpSync(from, dir, { recursive: true })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * An assert.throws/rejects validator for the library's error classes: @fastify/error
 * classes are not subclasses of Error for node:assert, which would call them as functions.
 */
export const isError =
  (Class: abstract new (...args: never[]) => Error) =>
  (error: unknown): boolean => {
    assert.ok(error instanceof Class, `expected ${Class.name}, got ${String(error)}`)
    return true
  }
