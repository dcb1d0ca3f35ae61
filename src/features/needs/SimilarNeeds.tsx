/**
 * "Is it one of these? Add your voice": open needs of the same category within about
 * 150 m (similar_needs, public points only), each with a "me too" that counts once.
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import { ensureSignedIn } from '../../data/auth.ts'
import { similarNeeds, supportNeed, unsupportNeed, type SimilarNeed } from '../../data/needs.ts'
import { needsText } from '../../i18n/needs.ts'
import { humanMessage } from './errors.ts'

const s = needsText.similar

export function SimilarNeeds(props: {
  point: { lon: number; lat: number }
  category: string
  onSupported(need: SimilarNeed): void
}) {
  const [found, { mutate }] = createResource(
    () => ({ ...props.point, category: props.category }),
    (k) => similarNeeds(k.lon, k.lat, k.category).catch(() => [] as SimilarNeed[]),
  )
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal<string | null>(null)

  const toggle = async (need: SimilarNeed) => {
    setBusy(need.id)
    setError(null)
    try {
      await ensureSignedIn()
      const next = need.supported_by_me ? await unsupportNeed(need.id) : await supportNeed(need.id)
      mutate((list) => list?.map((n) => (n.id === need.id ? { ...n, ...next, distance_m: n.distance_m } : n)))
      if (next.supported_by_me) props.onSupported({ ...next, distance_m: need.distance_m })
    } catch (e) {
      setError(humanMessage(e))
    } finally {
      setBusy(null)
    }
  }

  return (
    <Show when={(found() ?? []).length > 0}>
      <section class="similar" aria-labelledby="similar-title" data-similar>
        <h3 id="similar-title" class="similar-title">{s.heading}</h3>
        <p class="note">{s.intro(found()!.length)}</p>
        <ul class="similar-list" role="list">
          {/* The nearest three: enough to spot a duplicate without burying the form. */}
          <For each={found()!.slice(0, 3)}>
            {(n) => (
              <li class="similar-item" data-similar-id={n.id}>
                <div class="similar-text">
                  <p class="similar-body">{n.body}</p>
                  <p class="similar-meta">
                    {[n.street_name, s.away(n.distance_m), needsText.need.supporters(n.supporters)].filter(Boolean).join(' · ')}
                  </p>
                </div>
                <button type="button" class="button small" classList={{ secondary: n.supported_by_me }} aria-pressed={n.supported_by_me}
                  disabled={busy() === n.id || n.is_mine} onClick={() => void toggle(n)}>
                  {n.is_mine ? needsText.need.yoursBadge : n.supported_by_me ? s.supported : s.meToo}
                </button>
              </li>
            )}
          </For>
        </ul>
        <Show when={error()}><p class="field-error" role="alert">{error()}</p></Show>
      </section>
    </Show>
  )
}
