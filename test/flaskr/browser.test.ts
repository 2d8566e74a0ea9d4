// The ported flaskr in a real browser (Debian's Chromium, driven by playwright-core): a
// visitor registers, logs in, writes a post, edits it and deletes it, as the Flask
// tutorial's last chapter does by hand. The steps run in order on one page.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type Browser, chromium, type Page } from 'playwright-core'
import { createApp } from '../../examples/flaskr/app.ts'
import { initDb } from '../../examples/flaskr/db.ts'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.ts'
import type { FlaskrApp } from './conftest.ts'

/** Each step is bounded; only `before` may take longer. */
const step = { timeout: 20_000 }

describe('flaskr in Chromium', () => {
  let dir: string
  let app: FlaskrApp
  let browser: Browser
  let page: Page
  let base: string

  /** Clicks and waits for the page it leads to (through any redirect); returns its path. */
  async function submit(selector: string): Promise<string> {
    await Promise.all([page.waitForNavigation(), page.click(selector)])
    return new URL(page.url()).pathname
  }

  before(
    async () => {
      const executablePath = await findChromium()
      dir = await mkdtemp(join(tmpdir(), 'flaskr-browser-'))
      app = await createApp({ TESTING: true, DATABASE: join(dir, 'flaskr.sqlite') })
      initDb(app.getDb())
      await app.listen({ port: 0, host: '127.0.0.1' })
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
      browser = await chromium.launch({
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: 30_000,
      })
      page = await browser.newPage()
      page.setDefaultTimeout(10_000)
    },
    { timeout: 60_000 },
  )

  after(async () => {
    await browser?.close()
    await app?.close()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it('the index, styled by the static style.css, offers Register and Log In', step, async () => {
    assert.equal((await page.goto(`${base}/`))?.status(), 200)
    assert.equal(await page.title(), 'Posts - Flaskr')
    const font = await page.locator('body').evaluate((el) => getComputedStyle(el).fontFamily)
    assert.match(font, /sans-serif/)
    assert.equal(await page.locator('nav a:text("Register")').count(), 1)
  })

  it('registers, and lands on the login page', step, async () => {
    await Promise.all([page.waitForNavigation(), page.click('nav a:text("Register")')])
    await page.fill('#username', 'ada')
    await page.fill('#password', 'lovelace')
    assert.equal(await submit('input[type=submit]'), '/auth/login')
  })

  it('a wrong password is flashed', step, async () => {
    await page.fill('#username', 'ada')
    await page.fill('#password', 'babbage')
    assert.equal(await submit('input[type=submit]'), '/auth/login')
    assert.equal(await page.textContent('.flash'), 'Incorrect password.')
  })

  it(
    'logs in: the session cookie (Path=/) reaches the index, which names the user',
    step,
    async () => {
      await page.fill('#username', 'ada')
      await page.fill('#password', 'lovelace')
      assert.equal(await submit('input[type=submit]'), '/')
      assert.equal(await page.textContent('nav span'), 'ada')
      const [cookie] = await page.context().cookies()
      assert.equal(cookie?.name, 'session')
      assert.equal(cookie?.path, '/')
      assert.equal(cookie?.httpOnly, true)
    },
  )

  it('creates a post', step, async () => {
    await Promise.all([page.waitForNavigation(), page.click('a.action:text("New")')])
    assert.equal(new URL(page.url()).pathname, '/create')
    await page.fill('#title', 'Hello')
    await page.fill('#body', 'First post\nfrom Chromium')
    assert.equal(await submit('input[type=submit]'), '/')
    assert.equal(await page.textContent('article.post h1'), 'Hello')
    assert.match(
      String(await page.textContent('article.post .about')),
      /^by ada on \d{4}-\d\d-\d\d$/,
    )
  })

  it('updates it', step, async () => {
    await Promise.all([page.waitForNavigation(), page.click('article.post a:text("Edit")')])
    assert.equal(new URL(page.url()).pathname, '/1/update')
    assert.equal(await page.title(), 'Edit "Hello" - Flaskr')
    await page.fill('#title', '')
    await page.fill('#title', 'Hello again')
    assert.equal(await submit('input[value=Save]'), '/')
    assert.equal(await page.textContent('article.post h1'), 'Hello again')
  })

  it('deletes it, after the confirm() dialog', step, async () => {
    await Promise.all([page.waitForNavigation(), page.click('article.post a:text("Edit")')])
    page.once('dialog', (dialog) => {
      assert.equal(dialog.message(), 'Are you sure?')
      void dialog.accept()
    })
    assert.equal(await submit('input[value=Delete]'), '/')
    assert.equal(await page.locator('article.post').count(), 0)
  })

  it('logs out', step, async () => {
    await Promise.all([page.waitForNavigation(), page.click('nav a:text("Log Out")')])
    assert.equal(await page.locator('nav a:text("Log In")').count(), 1)
  })
})
