import { contentTypeFor } from '../content-type.ts'
import { HTML } from '../respond.ts'

const TEXT = 'text/plain; charset=utf-8'

/**
 * Extension -> the type its templates are sent as. Filled only after a render of such a
 * file succeeded, so it holds no more entries than the extensions on disk.
 */
const known = new Map<string, string>([
  ['html', HTML],
  ['htm', HTML],
])

/**
 * The `Content-Type` of a rendered template, from its name's extension: `.html` is HTML,
 * `.txt` text, `.xml`, `.svg`, `.json` and others their types (utf-8 for text). An unknown
 * extension is plain text, never HTML: such templates are not escaped by default.
 * @example templateType('forum:mail/welcome.txt') // 'text/plain; charset=utf-8'
 */
export function templateType(name: string): string | Promise<string> {
  const dot = name.lastIndexOf('.')
  const extension =
    dot > name.lastIndexOf('/') && dot > name.lastIndexOf(':')
      ? name.slice(dot + 1).toLowerCase()
      : ''
  const type = known.get(extension)
  if (type !== undefined) return type
  return contentTypeFor(`file.${extension}`).then((found) => {
    const sent = found === 'application/octet-stream' ? TEXT : found
    known.set(extension, sent)
    return sent
  })
}
