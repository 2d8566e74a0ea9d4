// What every server of a comparison answers, shared so the bodies cannot drift apart.

/** The body of the hello route (comparison 1). */
export const HELLO = 'Hello, World!'

/** The content type the module layer sends for a string view; bare servers set the same. */
export const HTML = 'text/html; charset=utf-8'

/** The board route's body, built from converted params (comparison 2). */
export const boardBody = (id: number, slug: string): string => `board ${id} ${slug}`

/** The context of the template page (comparison 3). */
export const PAGE_CONTEXT = {
  title: 'Boards',
  items: Array.from({ length: 10 }, (_, i) => ({
    id: i + 1,
    slug: `board-${i + 1}`,
    name: `Board <${i + 1}>`,
  })),
}

/** The URLs the site fixture's endpoints build, written by hand (url_for of the bare side). */
export const HAND_URLS: Record<string, (values: Record<string, unknown>) => string> = {
  'm.hello': () => '/hello',
  'm.page': () => '/page',
  'm.thread': (v) => `/board/${v.id}/${encodeURIComponent(String(v.slug))}`,
}

/** The file every static comparison fetches. */
export const STATIC_FILE = 'bench.css'
