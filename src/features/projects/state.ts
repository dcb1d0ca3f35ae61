/**
 * The projects feature's state: which screen is open (find, an opportunity, my
 * interests, the owners' area), where distances are measured from, the filters, the
 * signed-in account, and the map pick the owners' form uses. Made once by the map
 * screen, so the map (origin dot, crosshair) and the panel share it.
 */
import { createSignal, onCleanup } from 'solid-js'
import { onAccountChange, type Account } from '../../data/auth.ts'
import type { Commitment } from '../../data/projects.ts'

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
  const [view, setView] = createSignal<ProjectsView>({ name: 'find' })
  const [origin, setOrigin] = createSignal<Origin | null>(null)
  const [filters, setFilters] = createSignal<ProjectFilters>(noFilters)
  const [account, setAccount] = createSignal<Account | null>(null)
  /** The owners' form is choosing a place: the map shows a crosshair at its centre. */
  const [picking, setPicking] = createSignal(false)

  let unsubscribe: (() => void) | undefined
  let disposed = false
  onAccountChange(setAccount)
    .then((off) => (disposed ? off() : (unsubscribe = off)))
    .catch(() => undefined) // no server yet: the app shell shows that
  onCleanup(() => {
    disposed = true
    unsubscribe?.()
  })

  return { view, setView, origin, setOrigin, filters, setFilters, account, setAccount, picking, setPicking }
}

export type ProjectsState = ReturnType<typeof createProjectsState>
