// The example site's conformance paths: every way of serving it (inject, one process, the
// split on separate hosts, the Compose deployment) answers each as the one-process site
// does: status, Content-Type, Location, and the JSON bodies.
export const CONFORMANCE_PATHS: readonly string[] = [
  '/',
  '/forum/',
  '/forum',
  '/forum/1/',
  '/forum/1/?page=x',
  '/forum/9/',
  '/admin/',
  '/admin/login/',
  '/api/boards/',
  '/api/boards/1/messages/',
  '/api/boards/9/messages/',
  '/nope',
  '/static/css/theme.css',
]
