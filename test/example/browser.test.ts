// The example site in a real browser: Debian's Chromium driven by playwright-core (which never
// downloads a browser of its own here). The steps run in order on one page, as a visitor would
// go: each `it` starts where the previous one left off. Screenshots land in test-results/screenshots/
// (UPDATE_SCREENSHOTS=1: in docs/screenshots/, the ones the README shows).
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.ts'
import { ADMIN_PASSWORD, type Site, siteOn, tempDataDir } from './helpers.ts'

const SHOTS = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS === '1'
      ? '../../docs/screenshots/'
      : '../../test-results/screenshots/',
    import.meta.url,
  ),
)
const MESSAGE = 'Hello from Chromium'

const HOME_ACCENT = 'rgb(0, 119, 102)' // modules/home/static/css/theme.css
const ROOT_ACCENT = 'rgb(85, 85, 85)' // static/css/theme.css, which home's overrides

/** Each step is bounded; only `before` may take longer, when it installs Chromium. */
const step = { timeout: 20_000 }

describe('example site in Chromium', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>
  let app: Site
  let browser: Browser
  let page: Page
  let base: string

  const shot = (name: string) => page.screenshot({ path: `${SHOTS}${name}.png` })
  const h1 = () => page.locator('h1').textContent()

  /** Clicks a link and waits for the page it leads to; returns that page's HTTP status. */
  async function follow(selector: string, path: string): Promise<number | undefined> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === path),
      page.click(selector),
    ])
    await page.waitForURL(`${base}${path}`)
    return response.status()
  }

  // Chromium is installed, when missing, by `npm run setup:chromium` before the tests.
  before(
    async () => {
      const executablePath = await findChromium()
      data = await tempDataDir()
      // A route that fails as a bug would, for the site's 500 page.
      app = await siteOn(data.path, {}, (site) =>
        site.get('/broken', () => {
          throw new Error('secret detail: the database password')
        }),
      )
      await app.listen({ port: 0, host: '127.0.0.1' })
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
      await mkdir(SHOTS, { recursive: true })
      browser = await chromium.launch({
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: 30_000,
      })
      page = await browser.newPage({ viewport: { width: 1000, height: 700 } })
      page.setDefaultTimeout(10_000)
    },
    { timeout: 60_000 },
  )

  after(async () => {
    await browser?.close()
    await app?.close()
    await data?.remove()
  })

  it("home page: its h1, styled by the home module's theme.css over the root's", step, async () => {
    const response = await page.goto(`${base}/`)
    assert.equal(response?.status(), 200)
    assert.equal(await h1(), 'Welcome')
    const color = await page.locator('h1').evaluate((el) => getComputedStyle(el).color)
    assert.equal(color, HOME_ACCENT)
    assert.notEqual(color, ROOT_ACCENT)
    await shot('home')
  })

  it('follows the url_for links to the forum and a board', step, async () => {
    assert.equal(await follow('#to-forum', '/forum/'), 200)
    assert.equal(await h1(), 'Boards')
    await shot('forum')
    assert.equal(await follow('#boards a:text("General")', '/forum/1/'), 200)
    assert.equal(await h1(), 'General')
  })

  it('an empty form comes back with status 400 and the errors', step, async () => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('form button:text("Post")'),
    ])
    assert.equal(response.status(), 400)
    await page.waitForSelector('#author-error')
    assert.equal(await page.textContent('#author-error'), 'Please give your name.')
    assert.equal(await page.textContent('#body-error'), 'A message cannot be empty.')
  })

  it('posts a message through the form and sees it listed', step, async () => {
    await page.fill('#author', 'Ada')
    await page.fill('#body', MESSAGE)
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('form button:text("Post")'),
    ])
    assert.equal(response.status(), 303, 'post/redirect/get')
    const message = page.locator('article.message', { hasText: MESSAGE })
    await message.waitFor()
    assert.match(String(await message.textContent()), /Ada/)
    assert.equal(await page.locator('.error').count(), 0)
    await shot('forum-board')
  })

  it('admin without a session: the root 403 page', step, async () => {
    assert.equal(await follow('nav a:text("Admin")', '/admin/'), 403)
    assert.match(String(await h1()), /^403/)
    await shot('forbidden')
  })

  it('logs in from the 403 page and sees the message on the dashboard', step, async () => {
    assert.equal(await follow('#login', '/admin/login/'), 200)
    await page.fill('#password', ADMIN_PASSWORD)
    await Promise.all([page.waitForURL(`${base}/admin/`), page.click('button:text("Log in")')])
    assert.equal(await h1(), 'Admin dashboard')
    await page.locator('#latest', { hasText: MESSAGE }).waitFor()
    const cookies = await page.context().cookies()
    const session = cookies.find((c) => c.name === 'admin_session')
    assert.equal(session?.httpOnly, true)
    assert.equal(await page.evaluate(() => document.cookie.includes('admin_session')), false)
    await shot('admin-dashboard')
  })

  it('the about page, a root template', step, async () => {
    assert.equal(await follow('nav a:text("About")', '/about/'), 200)
    assert.equal(await h1(), 'About this site')
    await shot('about')
  })

  it('logs out, and admin is forbidden again', step, async () => {
    await page.goto(`${base}/admin/`)
    await Promise.all([page.waitForURL(`${base}/admin/login/`), page.click('#logout')])
    assert.equal(await h1(), 'Admin login')
    assert.equal((await page.goto(`${base}/admin/`))?.status(), 403)
  })

  it('the Content-Security-Policy blocks nothing the site uses', step, async () => {
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    for (const path of ['/', '/forum/1/', '/admin/login/', '/about/']) {
      const response = await page.goto(`${base}${path}`)
      assert.match(String(response?.headers()['content-security-policy']), /default-src 'self'/)
      const accent = await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
      )
      assert.notEqual(accent, '', `${path}: the stylesheets loaded`)
    }
    assert.deepEqual(violations, [])
  })

  for (const [label, path, status, title, message] of [
    [
      'a URL no rule matches',
      '/no-such-page/',
      404,
      'Page not found',
      'The requested URL was not found',
    ],
    [
      'an unknown board (reply.callNotFound)',
      '/forum/99/',
      404,
      'Page not found',
      'The requested URL',
    ],
    ['a view that fails', '/broken', 500, 'Something went wrong', 'Internal Server Error'],
  ] as const) {
    it(
      `${label}: the site's ${status}.html in its layout, styled, without details`,
      step,
      async () => {
        const response = await page.goto(`${base}${path}`)
        assert.equal(response?.status(), status)
        assert.match(String(response?.headers()['content-type']), /^text\/html/)
        assert.equal(await h1(), title)
        assert.match(
          (await page.locator('#error-message').textContent()) ?? '',
          new RegExp(message),
        )
        // The layout: its nav (built by url_for), its footer and its stylesheets.
        assert.ok(await page.locator('nav a:text("Forum")').isVisible())
        assert.match((await page.locator('footer').textContent()) ?? '', /Served by module/)
        const accent = await page.evaluate(() =>
          getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
        )
        assert.notEqual(accent, '', 'the stylesheets loaded')
        assert.doesNotMatch(await page.content(), /secret detail|Error: |at .*\.ts:/)
        await shot(`error-${status}${path === '/forum/99/' ? '-board' : ''}`)
      },
    )
  }
})
