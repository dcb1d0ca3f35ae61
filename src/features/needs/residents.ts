/**
 * The residents' state, composed once in the map screen and shared by context: who is
 * signed in, the caller's own needs (with their exact points, from my_needs), the
 * outbox, and the pin being drawn. Screens read it with useResidents().
 */
import type { Feature, FeatureCollection, Point } from 'geojson'
import { createContext, createMemo, createResource, createSignal, onCleanup, onMount, useContext } from 'solid-js'
import { currentAccount, ensureSignedIn, onAccountChange, type Account } from '../../data/auth.ts'
import { myNeeds, pinNeed, type NeedRecord } from '../../data/needs.ts'
import { myRoles, type Role } from '../../data/roles.ts'
import { createOutbox } from './outbox.ts'

export interface DraftPin {
  point: { lon: number; lat: number } | null
  category: string | null
  body: string
  /** Set when fixing an outbox item the server refused: resend under the same id. */
  outboxId: string | null
}
export const emptyDraft = (): DraftPin => ({ point: null, category: null, body: '', outboxId: null })

export function createResidents(opts: { onNeedsChanged(need?: NeedRecord): void }) {
  const [account, setAccount] = createSignal<Account | null>(null)
  onMount(() => {
    void currentAccount().then(setAccount, () => {})
    let stop: (() => void) | undefined
    void onAccountChange(setAccount).then((unsubscribe) => (stop = unsubscribe), () => {})
    onCleanup(() => stop?.())
  })

  const [version, setVersion] = createSignal(0)
  const [mine] = createResource(
    () => (account() ? { user: account()!.userId, v: version() } : false),
    () => myNeeds().catch(() => [] as NeedRecord[]),
    { initialValue: [] },
  )
  // Roles come from the server (my_roles), so "Hide" is offered only to whom the database lets hide.
  const [roles] = createResource(
    () => (account() && !account()!.anonymous ? account()!.userId : false),
    () => myRoles().catch(() => [] as Role[]),
    { initialValue: [] },
  )
  const changed = (need?: NeedRecord) => {
    setVersion((v) => v + 1)
    opts.onNeedsChanged(need)
  }

  const outbox = createOutbox({
    send: async (pin) => {
      await ensureSignedIn()
      return pinNeed(pin)
    },
    onSent: (need) => changed(need),
  })

  const [pinning, setPinning] = createSignal(false)
  const [draft, setDraft] = createSignal<DraftPin>(emptyDraft())
  const [moderating, setModerating] = createSignal(false)
  const [listingMine, setListingMine] = createSignal(false)
  const setPoint = (lon: number, lat: number) => setDraft((d) => ({ ...d, point: { lon, lat } }))

  /** What only this person sees on the map: exact spots of their needs, and the draft. */
  const marks = createMemo<FeatureCollection<Point>>(() => {
    const features: Feature<Point>[] = []
    for (const n of mine() ?? []) {
      if (!n.exact_point || n.status === 'withdrawn') continue
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: n.exact_point }, properties: { kind: 'mine', id: n.id } })
    }
    const p = pinning() ? draft().point : null
    if (p) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { kind: 'draft' } })
    return { type: 'FeatureCollection', features }
  })

  return {
    account,
    /** Staff: signed in with an e-mail (moderators act through them; the server checks the role). */
    isStaff: () => !!account() && !account()!.anonymous,
    /** A moderator, by the server's word: may hide, restore and read reports. */
    isModerator: () => (roles() ?? []).includes('moderator'),
    mine,
    outbox,
    pinning,
    setPinning,
    draft,
    setDraft,
    setPoint,
    moderating,
    setModerating,
    /** The "My needs" list is open. */
    listingMine,
    setListingMine,
    marks,
    /** Call after any write, so the map and my needs reload. */
    changed,
  }
}

export type Residents = ReturnType<typeof createResidents>
export const ResidentsContext = createContext<Residents>()
export function useResidents(): Residents | undefined {
  return useContext(ResidentsContext)
}
