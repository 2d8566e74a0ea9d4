// In Chromium: a visitor cannot turn the "keep the filters" link of a view
// (`request.urlFor('.list', { ...request.query })`) into a javascript: link that runs.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { type Browser, chromium, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.ts'
import type { MicroServicesInstance } from '../../src/index.ts'
import { appFor } from '../helpers.ts'

describe('urlFor from request values, in Chromium', () => {
  let app: MicroServicesInstance
  let browser: Browser
  let page: Page
  let base: string
  const dialogs: string[] = []

  before(
    async () => {
      const executablePath = await findChromium()
      app = await appFor('url-for-values')
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
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message())
        void dialog.dismiss()
      })
    },
    { timeout: 300_000 },
  )

  after(async () => {
    await browser?.close()
    await app?.close()
  })

  /** Opens the page, clicks its link when it has one; the dialogs raised meanwhile. */
  async function visit(query: string): Promise<{ status: number | undefined; raised: string[] }> {
    dialogs.length = 0
    const response = await page.goto(`${base}/shop/?${query}`)
    const link = page.locator('#again')
    if ((await link.count()) > 0) {
      await link.click()
      await page.waitForLoadState()
    }
    // A javascript: URL runs as a task after the click: give it time to raise its dialog.
    await page.waitForTimeout(300)
    return { status: response?.status(), raised: [...dialogs] }
  }

  it('the probe catches a javascript: link that runs', { timeout: 20_000 }, async () => {
    dialogs.length = 0
    await page.setContent('<a id="again" href="javascript:alert(&quot;ran&quot;)">x</a>')
    await page.click('#again')
    await page.waitForTimeout(300)
    assert.deepEqual(dialogs, ['ran'])
  })

  const attacks = [
    // '//host/shop/?x=' is a comment in JavaScript; the newline ends it, alert() runs
    '_scheme=javascript&x=%0Aalert(document.domain)',
    '_scheme=javascript&_external=true&x=%0Aalert(document.domain)',
    '_scheme=JavaScript&_external=1&x=%0Aalert(document.domain)',
    '_scheme=https://evil.example/%23&x=1',
  ]
  for (const query of attacks) {
    it(`?${query}: no link made, no script run`, { timeout: 20_000 }, async () => {
      const { status, raised } = await visit(query)
      assert.deepEqual(raised, [], 'a script ran')
      assert.equal(new URL(page.url()).origin, base, 'the link led off-site')
      assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0)
      assert.equal(status, 400)
    })
  }

  it('plain filters still make a working link', { timeout: 20_000 }, async () => {
    const { status, raised } = await visit('q=red%20shoes')
    assert.equal(status, 200)
    assert.deepEqual(raised, [])
    assert.equal(page.url(), `${base}/shop/?q=red+shoes`)
  })
})
