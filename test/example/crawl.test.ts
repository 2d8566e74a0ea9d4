// Every link of the example site works: a crawler starts at '/', follows every link,
// stylesheet, script and image, redirect and form (logging in with the admin password on
// the way), and finds no 404 and no 500. `check` proves the same of the templates
// statically (test/cli/template-links.test.ts); this proves it of the pages as served.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ADMIN_PASSWORD, type Site, siteOn, tempDataDir } from './helpers.ts'

interface Form {
  readonly method: string
  readonly action: string
  readonly fields: Record<string, string>
  readonly from: string
}

interface Visit {
  readonly method: string
  readonly url: string
  readonly status: number
  readonly from: string
}

const MAX_REQUESTS = 400

const decode = (text: string): string =>
  text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'")

const attribute = (attributes: string, name: string): string | undefined => {
  const found = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(attributes)
  return found ? decode(found[1] ?? found[2] ?? '') : undefined
}

/** Where a page points: same-site links, stylesheets, scripts and images, without their fragment. */
function linksOf(html: string, base: string): string[] {
  const links: string[] = []
  for (const tag of html.matchAll(/<(?:a|link|script|img)\b([^>]*)>/gi)) {
    const target = attribute(tag[1] as string, 'href') ?? attribute(tag[1] as string, 'src')
    if (target === undefined) continue
    const url = new URL(target, `http://site${base}`)
    if (url.host === 'site' && url.protocol === 'http:') links.push(url.pathname + url.search)
  }
  return links
}

/** The page's forms, each filled as a visitor would: the admin password, else some text. */
function formsOf(html: string, page: string): Form[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map((form) => {
    const attributes = form[1] as string
    const fields: Record<string, string> = {}
    for (const input of (form[2] as string).matchAll(/<(?:input|textarea|select)\b([^>]*)>/gi)) {
      const name = attribute(input[1] as string, 'name')
      if (name === undefined) continue
      const type = attribute(input[1] as string, 'type') ?? 'text'
      fields[name] =
        type === 'password'
          ? ADMIN_PASSWORD
          : attribute(input[1] as string, 'value') || `crawled ${name}`
    }
    const action = new URL(attribute(attributes, 'action') ?? page, `http://site${page}`)
    return {
      method: (attribute(attributes, 'method') ?? 'get').toUpperCase(),
      action: action.pathname + action.search,
      fields,
      from: page,
    }
  })
}

/** Crawls the site as one visitor with a cookie jar; returns every request made. */
async function crawl(app: Site): Promise<Visit[]> {
  const cookies: Record<string, string> = {}
  const visits: Visit[] = []
  const seen = new Set<string>()
  const pages: { url: string; from: string }[] = [{ url: '/', from: '(start)' }]
  const forms: Form[] = []
  const formsSeen = new Set<string>()

  const request = async (
    method: string,
    url: string,
    from: string,
    fields?: Record<string, string>,
  ) => {
    const response = await app.inject({
      method: method as 'GET' | 'POST',
      url,
      cookies,
      ...(fields === undefined
        ? {}
        : {
            payload: new URLSearchParams(fields).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
    })
    visits.push({ method, url, status: response.statusCode, from })
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) delete cookies[cookie.name]
      else cookies[cookie.name] = cookie.value
    }
    const location = response.headers.location
    if (typeof location === 'string') pages.push({ url: location, from: url })
    if (String(response.headers['content-type']).startsWith('text/html')) {
      for (const link of linksOf(response.body, url)) pages.push({ url: link, from: url })
      for (const form of formsOf(response.body, url)) {
        const key = `${form.method} ${form.action}`
        if (formsSeen.has(key)) continue
        formsSeen.add(key)
        forms.push(form)
      }
    }
  }

  while (visits.length < MAX_REQUESTS) {
    const page = pages.shift()
    if (page !== undefined) {
      // A page is seen once per session: logging in shows pages anew.
      const key = `${JSON.stringify(Object.entries(cookies).sort())} ${page.url}`
      if (seen.has(key)) continue
      seen.add(key)
      await request('GET', page.url, page.from)
      continue
    }
    // Pages first, then one form at a time; a form that ends the session goes last.
    forms.sort((a, b) => Number(/logout/.test(a.action)) - Number(/logout/.test(b.action)))
    const form = forms.shift()
    if (form === undefined) break
    if (form.method === 'GET') {
      const query = new URLSearchParams(form.fields).toString()
      pages.push({ url: `${form.action}${query === '' ? '' : `?${query}`}`, from: form.from })
    } else await request(form.method, form.action, form.from, form.fields)
  }
  return visits
}

describe('example site: every link, form and redirect from / answers', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>
  let app: Site
  let visits: Visit[]

  before(async () => {
    data = await tempDataDir()
    app = await siteOn(data.path)
    visits = await crawl(app)
    console.log(visits.map((v) => `${v.method} ${v.url} ${v.status}`).join('\n'))
  })
  after(async () => {
    await app?.close()
    await data?.remove()
  })

  it('stays within its bound and reaches every module, its forms and static files', () => {
    assert.ok(visits.length < MAX_REQUESTS, `stopped at ${visits.length} requests`)
    const urls = new Set(visits.map((visit) => `${visit.method} ${visit.url.split('?')[0]}`))
    for (const expected of [
      'GET /',
      'GET /forum/',
      'GET /admin/',
      'GET /admin/login/',
      'POST /admin/login/',
      'POST /admin/logout/',
      'GET /api/boards/',
      'GET /static/css/site.css',
    ]) {
      assert.ok(urls.has(expected), `${expected} was reached: ${[...urls].join(', ')}`)
    }
    assert.ok(visits.some((v) => v.method === 'POST' && /^\/forum\/\d+\/$/.test(v.url)))
    assert.ok(
      visits.some((v) => v.method === 'POST' && /^\/admin\/messages\/\d+\/delete\/$/.test(v.url)),
    )
  })

  it('finds no 404 and no 500', () => {
    const broken = visits.filter((visit) => visit.status === 404 || visit.status >= 500)
    assert.deepEqual(
      broken.map(
        (visit) => `${visit.method} ${visit.url} -> ${visit.status} (linked from ${visit.from})`,
      ),
      [],
    )
  })
})
