/** One request to the original example's app and the answer it must get. */
export interface HttpCase {
  method?: 'GET' | 'POST' | 'PUT' | 'HEAD' | 'OPTIONS' | 'DELETE'
  url: string
  status: number
  body?: string | RegExp
  json?: unknown
  headers?: Record<string, string | RegExp>
}

/** The original example (Flask-MicroServices) over HTTP: request -> answer, shared by every way of serving it. */
export const originalHttpCases: readonly HttpCase[] = [
  {
    url: '/',
    status: 200,
    body: 'home page',
    headers: { 'content-type': 'text/html; charset=utf-8' },
  },
  { url: '/admin/', status: 200, body: '<h1>admin</h1>' },
  { url: '/admin', status: 308, headers: { location: '/admin/' } },
  { url: '/admin?x=1', status: 308, headers: { location: '/admin/?x=1' } },
  // Werkzeug redirects to the slashed path only for a method the slashed rule answers.
  { method: 'POST', url: '/admin', status: 404 },
  { url: '/admin/simple', status: 308, headers: { location: '/admin/simple/' } },
  { url: '/forum/board/test', status: 200, body: 'board test' },
  { url: '/forum/board/a%20b', status: 200, body: 'board a b' },
  { url: '/forum/board/', status: 404 },
  { url: '/forum/board/x%2Fy', status: 404 },
  { url: '/forum/board/test/', status: 404 },
  { url: '/admin/forum/', status: 200, body: 'forum admin' },
  { method: 'POST', url: '/admin/', status: 405, headers: { allow: 'GET, OPTIONS, HEAD' } },
  {
    method: 'DELETE',
    url: '/admin/roles/3/',
    status: 405,
    headers: { allow: 'GET, POST, OPTIONS, HEAD' },
  },
  { method: 'HEAD', url: '/admin/', status: 200, body: '' },
  {
    method: 'OPTIONS',
    url: '/admin/',
    status: 200,
    body: '',
    headers: { allow: 'GET, OPTIONS, HEAD' },
  },
  { method: 'OPTIONS', url: '/forum/created', status: 200, headers: { allow: 'POST, OPTIONS' } },
  { url: '/nope', status: 404 },
  { url: '/admin/roles/12/', status: 200, json: { id: 12, type: 'number', method: 'GET' } },
  {
    method: 'POST',
    url: '/admin/roles/12/',
    status: 200,
    json: { id: 12, type: 'number', method: 'POST' },
  },
  { url: '/admin/roles/abc/', status: 404 },
  { url: '/admin/roles/99999999999999999999/', status: 404 },
  { url: '/admin/roles/-1/', status: 404 },
  { url: '/forum/thread/7/hello', status: 200, json: { id: 7, slug: 'hello' } },
  { url: '/forum/thread/x/hello', status: 404 },
  { url: '/forum/thread/1e3/hello', status: 404 },
  { url: '/forum/thread/%201/hello', status: 404 },
  { url: '/forum/thread/0x1/hello', status: 404 },
  { url: '/forum/price/1e3', status: 404 },
  { url: '/forum/u/0B8E8F8E-0000-4000-8000-00000000000Z', status: 404 },
  { url: '/forum/files/a/b/c.txt', status: 200, json: { name: 'a/b/c.txt' } },
  { url: '/forum/files/', status: 404 },
  {
    url: '/forum/u/0B8E8F8E-0000-4000-8000-000000000000',
    status: 200,
    json: { u: '0b8e8f8e-0000-4000-8000-000000000000' },
  },
  { url: '/forum/u/not-a-uuid', status: 404 },
  { url: '/forum/price/1.5', status: 200, json: { x: 1.5 } },
  { url: '/forum/price/1', status: 404 },
  { url: '/forum/sort/top', status: 200, json: { order: 'top' } },
  { url: '/forum/sort/old', status: 404 },
  { url: '/forum/json-list', status: 200, json: [1, 2, 3] },
  {
    method: 'POST',
    url: '/forum/created',
    status: 201,
    body: 'made',
    headers: { 'content-type': 'text/html; charset=utf-8' },
  },
  { url: '/forum/created', status: 405, headers: { allow: 'POST, OPTIONS' } },
  { url: '/forum/async', status: 200, body: 'later' },
  {
    url: '/forum/raw',
    status: 200,
    body: 'raw reply',
    headers: { 'content-type': /^text\/plain/ },
  },
  { url: '/admin/x/', status: 201, body: 'x GET', headers: { 'x-extra': 'yes' } },
  { method: 'PUT', url: '/admin/x/', status: 201, body: 'x PUT' },
  { url: '/forum/board/%zz', status: 400 },
]
