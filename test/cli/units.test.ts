import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { devLogFormatter } from '../../src/cli/dev-logs.ts'
import { progress } from '../../src/cli/progress.ts'
import { reloadsItself, restartsApp } from '../../src/cli/run.ts'
import { formatTable } from '../../src/cli/table.ts'

describe('progress', () => {
  it('draws count/total on one line on a terminal, then erases it', () => {
    const written: string[] = []
    const bar = progress({ isTTY: true, write: (text) => written.push(text) }, 'Collecting', 3, 0)
    for (let done = 1; done <= 3; done++) bar.tick(done)
    bar.end()
    assert.deepEqual(written, [
      '\r\x1b[KCollecting 1/3',
      '\r\x1b[KCollecting 2/3',
      '\r\x1b[KCollecting 3/3',
      '\r\x1b[K',
    ])
  })

  it('draws at most once per interval, but always the last count', () => {
    const written: string[] = []
    const bar = progress(
      { isTTY: true, write: (text) => written.push(text) },
      'Copying',
      1000,
      60_000,
    )
    for (let done = 1; done <= 1000; done++) bar.tick(done)
    assert.deepEqual(written, ['\r\x1b[KCopying 1/1000', '\r\x1b[KCopying 1000/1000'])
  })

  for (const isTTY of [false, undefined]) {
    it(`writes nothing when the stream is not a terminal (isTTY ${isTTY})`, () => {
      const written: string[] = []
      const bar = progress({ isTTY, write: (text) => written.push(text) }, 'Collecting', 2, 0)
      bar.tick(1)
      bar.tick(2)
      bar.end()
      assert.deepEqual(written, [])
    })
  }
})

describe('dev logs (pino-pretty)', () => {
  const prettyLogLine = devLogFormatter(false)
  const time = new Date(2026, 0, 2, 13, 4, 5).getTime()
  for (const [label, entry, expected] of [
    [
      'a message',
      { level: 30, time, pid: 1, hostname: 'h', msg: 'Server listening at http://127.0.0.1:3000' },
      '[13:04:05] INFO: Server listening at http://127.0.0.1:3000',
    ],
    [
      'an incoming request',
      {
        level: 30,
        time,
        reqId: 'req-1',
        req: { method: 'GET', url: '/blog/' },
        msg: 'incoming request',
      },
      '[13:04:05] INFO: [req-1] GET /blog/',
    ],
    [
      'a completed request',
      {
        level: 30,
        time,
        reqId: 'req-1',
        res: { statusCode: 200 },
        responseTime: 3.0871,
        msg: 'request completed',
      },
      '[13:04:05] INFO: [req-1] -> 200 (3.1 ms)',
    ],
    [
      'extra fields',
      { level: 40, time, msg: 'slow', module: 'blog' },
      '[13:04:05] WARN: slow\n    module: "blog"',
    ],
    [
      'an error with its stack',
      {
        level: 50,
        time,
        msg: 'boom',
        err: { message: 'boom', stack: 'Error: boom\n    at views.ts:3' },
      },
      [
        '[13:04:05] ERROR: boom',
        '    err: {',
        '      "message": "boom",',
        '      "stack":',
        '          Error: boom',
        '              at views.ts:3',
        '    }',
      ].join('\n'),
    ],
  ] as const) {
    it(`makes ${label} readable`, () => {
      assert.equal(prettyLogLine(JSON.stringify(entry)), expected)
    })
  }

  for (const line of ['plain text', '{ not json', '{"no":"level"}', '']) {
    it(`passes ${JSON.stringify(line)} through`, () => assert.equal(prettyLogLine(line), line))
  }
})

describe('dev restarts', () => {
  for (const [file, restarts] of [
    ['/app/server.ts', true],
    ['/app/modules/blog/views.ts', true],
    ['/app/microservices.json', true],
    ['/app/lib/util.mjs', true],
    ['/app/routes.d.ts', false],
    ['/app/modules/blog/templates/blog/post.html', false],
    ['/app/modules/blog/templates/helper.js', false],
    ['/app/static/site.css', false],
    ['/app/modules/blog/static/blog/app.js', false],
    ['/app/node_modules/x/index.js', false],
    ['/app/README.md', false],
  ] as const) {
    it(`${restarts ? 'restarts' : 'does not restart'} for ${file}`, () => {
      assert.equal(restartsApp('/app', file), restarts)
      // Templates and static files are followed by the app itself; dev says so instead.
      assert.equal(reloadsItself('/app', file), /\/(templates|static)\//.test(file))
    })
  }
})

describe('formatTable', () => {
  it('pads columns to their widest cell, without trailing spaces', () => {
    assert.equal(
      formatTable(
        ['A', 'Long header'],
        [
          ['wide cell', 'x'],
          ['y', ''],
        ],
      ),
      'A          Long header\n---------  -----------\nwide cell  x\ny',
    )
  })
})
