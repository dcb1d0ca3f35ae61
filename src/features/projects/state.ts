/**
 * The projects feature's state: which screen is open (find, an opportunity, my
 * interests, the owners' area), where distances are measured from, the filters, the
 * signed-in account, and the map pick the owners' form uses. Made once by the map
 * screen, so the map (origin dot, crosshair) and the panel share it.
 */
import { createMemo, createResource, createSignal, onCleanup } from 'solid-js'
import { onAccountChange, type Account } from '../../data/auth.ts'
import { nearbyOpportunities, type Commitment, type NearbyOpportunity } from '../../data/projects.ts'

export type ProjectsView =
  | { name: 'find' }
  | { name: 'opportunity'; id: string }
  | { name: 'mine' }
  | { name: 'owner' }

export interface Origin {
  lon: number
  lat: number
  /** 'centre': the map's middle (before the user says where they are). */
  kind: 'centre' | 'location' | 'place'
  label: string | null
}

export interface ProjectFilters {
  category: string | null
  paid: boolean | null
  commitment: Commitment | null
  age: number | null
}
export const noFilters: ProjectFilters = { category: null, paid: null, commitment: null, age: null }

export function createProjectsState() {
  const [view, showView] = createSignal<ProjectsView>({ name: 'find' })
  const [origin, setOrigin] = createSignal<Origin | null>(null)
  const [filters, setFilters] = createSignal<ProjectFilters>(noFilters)
  const [account, setAccount] = createSignal<Account | null>(null)
  /** The owners' form is choosing a place: the map shows a crosshair at its centre. */
  const [picking, setPicking] = createSignal(false)

  // The results, here rather than in the list, so the map draws exactly what the list shows.
  const [attempt, setAttempt] = createSignal(0)
  /** Back on the list from another view: ask again (an owner may just have closed or paused something). */
  const setView = (next: ProjectsView) => {
    if (next.name === 'find' && view().name !== 'find') setAttempt((n) => n + 1)
    showView(next)
  }
  const key = () => {
    const o = origin()
    if (!o) return false
    const f = filters()
    return { lon: o.lon, lat: o.lat, categories: f.category ? [f.category] : null, paid: f.paid, commitment: f.commitment, age: f.age, attempt: attempt() }
  }
  const [results] = createResource(key, (q) => nearbyOpportunities(q))
  const list = createMemo<NearbyOpportunity[]>(() => results.latest ?? [])
  /** The places (enterprises) of the results, once each, in the list's order. */
  const places = createMemo(() => {
    const seen = new Map<string, NearbyOpportunity>()
    for (const o of list()) if (!seen.has(o.enterprise_id)) seen.set(o.enterprise_id, o)
    return [...seen.values()]
  })

  let unsubscribe: (() => void) | undefined
  let disposed = false
  onAccountChange(setAccount)
    .then((off) => (disposed ? off() : (unsubscribe = off)))
    .catch(() => undefined) // no server yet: the app shell shows that
  onCleanup(() => {
    disposed = true
    unsubscribe?.()
  })

  return {
    view, setView, origin, setOrigin, filters, setFilters, account, setAccount, picking, setPicking,
    results, list, places, retry: () => setAttempt((n) => n + 1),
  }
}

export type ProjectsState = ReturnType<typeof createProjectsState>
