/**
 * Lists an enterprise: name, social goal, what it works on, where (a street from search,
 * or the point under the map's crosshair), and the public contact route.
 */
import { createSignal, createUniqueId, For, onCleanup, onMount, Show } from 'solid-js'
import { listEnterprise, type OwnedEnterprise } from '../../data/projects.ts'
import type { Category } from '../../data/types.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { errorText } from './errors.ts'
import { PlaceSearch, type ChosenPlace } from './PlaceSearch.tsx'

export function EnterpriseForm(props: {
  categories: Category[]
  mapCentre: () => { lon: number; lat: number }
  onPicking: (on: boolean) => void
  onPlace: (place: ChosenPlace) => void
  onListed(e: OwnedEnterprise): void
  onCancel?: () => void
}) {
  const id = createUniqueId()
  const [name, setName] = createSignal('')
  const [goal, setGoal] = createSignal('')
  const [cats, setCats] = createSignal<string[]>([])
  const [contact, setContact] = createSignal('')
  const [website, setWebsite] = createSignal('')
  const [place, setPlace] = createSignal<ChosenPlace | null>(null)
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  // While this form is open the map shows a crosshair at its centre.
  onMount(() => props.onPicking(true))
  onCleanup(() => props.onPicking(false))

  const choose = (p: ChosenPlace) => {
    setPlace(p)
    props.onPlace(p)
  }
  const toggle = (slug: string, on: boolean) => setCats((now) => (on ? [...now, slug] : now.filter((s) => s !== slug)))

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setError(null)
    const p = place()
    if (cats().length === 0) return setError(t.enterpriseForm.noCategory)
    if (!p) return setError(t.enterpriseForm.noLocation)
    setBusy(true)
    try {
      const listed = await listEnterprise({
        name: name(), social_goal: goal(), categories: cats(), lon: p.lon, lat: p.lat, contact: contact(), website: website().trim() || null,
      })
      props.onListed(listed)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="pj-form" onSubmit={submit} aria-labelledby={`${id}-title`} novalidate data-form="enterprise">
      <h3 id={`${id}-title`} class="pj-form-title">{t.enterpriseForm.heading}</h3>
      <label class="pj-field">
        <span class="pj-label">{t.enterpriseForm.name}</span>
        <input type="text" name="name" required maxlength="200" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="pj-field">
        <span class="pj-label">{t.enterpriseForm.goal}</span>
        <textarea name="social_goal" rows="2" required maxlength="500" value={goal()} onInput={(e) => setGoal(e.currentTarget.value)} />
        <span class="pj-hint">{t.enterpriseForm.goalHint}</span>
      </label>
      <fieldset class="pj-field pj-checks">
        <legend class="pj-label">{t.enterpriseForm.categories}</legend>
        <For each={props.categories}>
          {(c) => (
            <label class="pj-check">
              <input type="checkbox" value={c.slug} checked={cats().includes(c.slug)} onChange={(e) => toggle(c.slug, e.currentTarget.checked)} />
              <span class="pj-dot" style={{ background: c.colour }} />
              {c.label}
            </label>
          )}
        </For>
      </fieldset>
      <fieldset class="pj-field">
        <legend class="pj-label">{t.enterpriseForm.location}</legend>
        <p class="pj-hint">{t.enterpriseForm.locationHint}</p>
        <PlaceSearch label={t.find.searchLabel} onChoose={choose} />
        <button
          type="button"
          class="pj-button secondary"
          data-use-map
          onClick={() => choose({ ...props.mapCentre(), label: t.enterpriseForm.pointOnMap })}
        >
          {t.enterpriseForm.useMap}
        </button>
        <Show when={place()}>
          {(p) => <p class="pj-success" role="status" data-location-set>{t.enterpriseForm.locationSet(p().label)}</p>}
        </Show>
      </fieldset>
      <label class="pj-field">
        <span class="pj-label">{t.enterpriseForm.contact}</span>
        <input type="text" name="contact" required maxlength="300" value={contact()} onInput={(e) => setContact(e.currentTarget.value)} />
        <span class="pj-hint">{t.enterpriseForm.contactHint}</span>
      </label>
      <label class="pj-field">
        <span class="pj-label">{t.enterpriseForm.website}</span>
        <input type="url" name="website" maxlength="500" placeholder="https://" value={website()} onInput={(e) => setWebsite(e.currentTarget.value)} />
      </label>
      <Show when={error()}><p class="pj-error" role="alert">{error()}</p></Show>
      <div class="pj-actions">
        <button type="submit" class="pj-button" disabled={busy()}>{busy() ? t.enterpriseForm.submitting : t.enterpriseForm.submit}</button>
        <Show when={props.onCancel}>
          <button type="button" class="pj-button secondary" onClick={() => props.onCancel?.()}>{t.enterpriseForm.cancel}</button>
        </Show>
      </div>
    </form>
  )
}
