/**
 * The briefs pages' addresses, kept in the hash so they never collide with the map's
 * query string: #/briefs, #/briefs/<brief id>, #/projects/<project id>, #/join/<token>.
 * Pure parse and build, so links round-trip and are testable.
 */
export type BriefsRoute =
  | { page: 'list' }
  | { page: 'brief'; id: string }
  | { page: 'project'; id: string }
  | { page: 'join'; token: string }

const BRIEF_ID = /^[a-z][a-z-]{1,30}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TOKEN = /^[0-9a-f]{64}$/

/** The route a hash names, or null for anything else (the map). */
export function parseBriefsRoute(hash: string): BriefsRoute | null {
  const [page, arg, ...rest] = hash.replace(/^#\/?/, '').split('/')
  if (rest.length > 0) return null
  if (page === 'briefs' && !arg) return { page: 'list' }
  if (page === 'briefs' && BRIEF_ID.test(arg)) return { page: 'brief', id: arg }
  if (page === 'projects' && UUID.test(arg ?? '')) return { page: 'project', id: arg }
  if (page === 'join' && TOKEN.test(arg ?? '')) return { page: 'join', token: arg }
  return null
}

export function briefsHref(route: BriefsRoute): string {
  switch (route.page) {
    case 'list':
      return '#/briefs'
    case 'brief':
      return `#/briefs/${route.id}`
    case 'project':
      return `#/projects/${route.id}`
    case 'join':
      return `#/join/${route.token}`
  }
}
