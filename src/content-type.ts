import type Mime from 'mime'

const TEXTUAL = /^text\/|\/(?:javascript|ecmascript|json|xml)$|\+(?:json|xml)$/

/** The `mime` package, imported with the first use: an app that never needs a type never loads it. */
let mime: typeof Mime | undefined

/**
 * The `Content-Type` header for a file name: the `mime` package's type, with
 * `; charset=utf-8` for text (text/*, JavaScript, JSON, XML, SVG); octet-stream when unknown.
 * @example await contentTypeFor('css/site.css') // 'text/css; charset=utf-8'
 */
export async function contentTypeFor(path: string): Promise<string> {
  mime ??= (await import('mime')).default
  const type = mime.getType(path)
  if (type === null) return 'application/octet-stream'
  return TEXTUAL.test(type) ? `${type}; charset=utf-8` : type
}
