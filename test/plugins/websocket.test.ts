import assert from 'node:assert/strict'
import { once } from 'node:events'
import { describe, it } from 'node:test'
import { pluginsApp } from './helpers.ts'

describe('@fastify/websocket', () => {
  it('a websocket route in a module: its request knows its module and builds URLs', async () => {
    const app = await pluginsApp(['chat', 'pages'])
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as { port: number }
    const socket = new WebSocket(`ws://127.0.0.1:${port}/chat/ws`)
    await once(socket, 'open')
    const answer = once(socket, 'message')
    socket.send('hello')
    const [message] = (await answer) as [MessageEvent]
    assert.equal(String(message.data), 'chat: hello (room /chat/)')
    socket.close()
    assert.equal((await app.inject('/chat/')).body, 'the chat room')
    await app.close()
  })
})
