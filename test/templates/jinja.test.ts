import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MicroServicesApp } from '../../src/index.ts'
import { fixture } from '../helpers.ts'

/**
 * Every Jinja construct of the README's Templates section, through the real path:
 * test/fixtures/jinja-syntax's module 'auth' renders with reply.render, asked through inject,
 * in production (url_for calls compiled ahead) and in development (each edit read again).
 */
for (const dev of [false, true]) {
  describe(`Jinja's syntax through reply.render (${dev ? 'development' : 'production'})`, () => {
    let app: ReturnType<typeof MicroServicesApp>
    before(async () => {
      app = MicroServicesApp({
        root: fixture('jinja-syntax'),
        modulesEnv: false,
        routeTypes: false,
        exposeErrors: true,
        serverName: 'site.example',
        dev,
      })
      await app.registerUrls(['auth'])
      await app.ready()
    })
    after(() => app.close())

    const page = async (name: string) => {
      const response = await app.inject({ url: `/page/${name}`, headers: { host: 'site.example' } })
      assert.equal(response.statusCode, 200, response.body)
      return response.body
    }

    it('url_for(..., _external=True) builds an absolute URL; _external=False a relative one', async () => {
      const body = await page('mail')
      assert.match(body, /<a href="http:\/\/site\.example\/reset\/abc">reset<\/a>/)
      assert.match(body, /<a href="\/reset\/abc">relative<\/a>/)
    })

    it('True, False and None: an autofocus=True argument renders, None is none', async () => {
      assert.equal(
        await page('constants'),
        '<input name="q" autofocus data-optional>|<input name="r" data-optional>|true|true|true\n',
      )
    })

    it('dict.items()/keys()/values()/get(), list methods, str methods, {% do %}', async () => {
      assert.equal(
        await page('methods'),
        'theme=dark;lang=fr;\nlang,theme|dark,fr|fr|default\n1,2,3|3|1|1\nHello World|HELLO WORLD|a+b|1x2|bbb|true|1 of 2\n',
      )
    })

    it('slices: [1:3], [:2], [3:], [::2], [::-1], [-2:], of a string too', async () => {
      assert.equal(await page('slices'), '2,3|1,2|4,5|1,3,5|5,4,3,2,1|4,5|ell\n')
    })

    it('loop.cycle, namespace() and {% set ns.x = ... %}', async () => {
      assert.equal(
        await page('loops'),
        '<li class="odd">1</li><li class="even">2</li><li class="odd">3</li><li class="even">4</li><li class="odd">5</li>\n15|true\n',
      )
    })

    it("Jinja's filters: tojson (HTML-safe), e, dictsort, selectattr, rejectattr, map(attribute=), groupby…", async () => {
      const lines = (await page('filters')).split('\n')
      assert.equal(
        lines[0],
        '<script>var data = {"a": 1, "b": "\\u003c\\u0027\\u0026\\u003e"};</script>',
      )
      assert.equal(lines[1], '&lt;b&gt;|lang,fr;theme,dark|ann|bob,cid')
      assert.equal(lines[2], 'ann,cid|Oslo:ann+cid;Rome:bob;')
      assert.equal(lines[3], '45|bob|bA|1.5 kB|x-3|135|<p class="x">')
    })

    it('{% with %}, set blocks (escaped once), {% set ns.x %}…, scoped blocks, x[-1], a test argument without parentheses, chained comparisons, 0x10, a trailing comma', async () => {
      assert.equal(
        await page('with'),
        'hi 5|\n<b>&lt;&#39;&amp;&gt;</b>|<i>&lt;&#39;&amp;&gt;</i>\nlast: 5\nshort||16|2\n',
      )
    })

    it('{% autoescape %} is refused with its file, line and construct named (UnsupportedJinjaConstruct)', async () => {
      const response = await app.inject({
        url: '/page/unsupported',
        headers: { host: 'site.example' },
      })
      assert.equal(response.statusCode, 500)
      const error = response.json() as { code: string; message: string }
      assert.equal(error.code, 'FMS_ERR_TEMPLATE_UNSUPPORTED_JINJA')
      assert.match(
        error.message,
        /^Template 'unsupported\.html' uses \{% autoescape %\} at line 2, column 4 \(rendered for module 'auth'\)/,
      )
      assert.match(error.message, /file: .*modules\/auth\/templates\/unsupported\.html/)
    })
  })
}
