import assert from 'node:assert/strict'
import { afterEach, it } from 'node:test'
import { findChromium } from '../../scripts/chromium.ts'

const saved = process.env.CHROMIUM_PATH
afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH
  else process.env.CHROMIUM_PATH = saved
})

it('CHROMIUM_PATH that is no executable: an error that says how to install Chromium', async () => {
  process.env.CHROMIUM_PATH = '/nonexistent/chromium'
  await assert.rejects(findChromium(), (error: Error) => {
    assert.match(error.message, /CHROMIUM_PATH is "\/nonexistent\/chromium"/)
    assert.match(error.message, /npm run setup:chromium/)
    assert.match(error.message, /apt-get install chromium/)
    assert.match(error.message, /Do not run "npx playwright install"/)
    return true
  })
})

it('CHROMIUM_PATH that is an executable is used as it is', async () => {
  process.env.CHROMIUM_PATH = process.execPath
  assert.equal(await findChromium(), process.execPath)
})
