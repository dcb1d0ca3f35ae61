/**
 * "Pin a need": place (tap the map, pick a street in search, or use the middle of the
 * map from the keyboard) → category → a short description → send. Checks mirror the
 * database's; every refusal comes back as a sentence. Sending goes through the outbox,
 * so a pin made with no signal waits on this device instead of being lost.
 */
import { createMemo, createSignal, onMount, Show } from 'solid-js'
import type { NeedRecord, SimilarNeed } from '../../data/needs.ts'
import type { BBox, Category } from '../../data/types.ts'
import { needsText } from '../../i18n/needs.ts'
import { CategoryPicker } from './CategoryPicker.tsx'
import { useResidents } from './residents.ts'
import { SimilarNeeds } from './SimilarNeeds.tsx'
import { BODY_MAX, trimBody, validatePin, type PinErrors } from './validate.ts'
import './needs.css'

const p = needsText.pin

export interface PinSheetProps {
  categories: Category[]
  /** Boxes of the neighbourhoods in view (null: not known, the database decides). */
  areas: BBox[] | null
  streetName: string | null
  onUseCentre(): void
  onClose(): void
  /** Sent: the need is on the server. Queued: it waits in the outbox. */
  onDone(result: { need: NeedRecord } | { queued: true; message: string | null } | { supported: SimilarNeed }): void
}

export function PinSheet(props: PinSheetProps) {
  const r = useResidents()!
  let heading!: HTMLHeadingElement
  let textarea!: HTMLTextAreaElement
  onMount(() => heading.focus({ preventScroll: true }))
  const [tried, setTried] = createSignal(false)
  const [sending, setSending] = createSignal(false)
  const [refusal, setRefusal] = createSignal<string | null>(null)
  const d = r.draft
  const errors = createMemo<PinErrors>(() => (tried() ? validatePin(d(), props.areas) : {}))
  const update = (change: Partial<ReturnType<typeof d>>) => r.setDraft((now) => ({ ...now, ...change }))
  const length = () => [...trimBody(d().body)].length

  const submit = async (e: Event) => {
    e.preventDefault()
    setTried(true)
    setRefusal(null)
    const problems = validatePin(d(), props.areas)
    if (problems.point || problems.category || problems.body) {
      const first = problems.point ? '#pin-place' : problems.category ? 'input[name="need-category"]' : '#pin-body'
      document.querySelector<HTMLElement>(`.pin-sheet ${first}`)?.focus()
      return
    }
    const { point, category, body, outboxId } = d()
    const pin = { id: outboxId ?? crypto.randomUUID(), category: category!, body: trimBody(body), lon: point!.lon, lat: point!.lat }
    setSending(true)
    try {
      const need = outboxId ? await r.outbox.retry(outboxId, pin) : await r.outbox.add(pin, props.streetName)
      if (need) return props.onDone({ need })
      const item = r.outbox.items().find((i) => i.id === pin.id)
      if (item?.state === 'failed') {
        update({ outboxId: pin.id })
        setRefusal(item.message)
        textarea.focus()
      } else props.onDone({ queued: true, message: item?.message ?? null })
    } finally {
      setSending(false)
    }
  }

  return (
    <section class="pin-sheet" role="region" aria-labelledby="pin-title" onKeyDown={(e) => e.key === 'Escape' && props.onClose()} data-pin-sheet
      data-awaiting-place={d().point ? undefined : ''}>
      <header class="details-head">
        <span class="pin-mark" aria-hidden="true" />
        <div class="details-titles">
          <p class="kicker">{p.openHint}</p>
          <h2 id="pin-title" ref={heading} tabindex="-1">{p.title}</h2>
        </div>
        <button type="button" class="icon-button" onClick={() => props.onClose()} aria-label={p.close}>
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
        </button>
      </header>
      <form class="pin-form" onSubmit={submit} novalidate>
        <fieldset class="pin-step" aria-describedby="pin-place-status">
          <legend class="pin-legend"><span class="step-number">1</span>{p.stepPlace}</legend>
          <p id="pin-place-status" class="place-status" classList={{ chosen: !!d().point }} aria-live="polite">
            {d().point ? `${p.placeChosen(props.streetName)}. ${p.placeMove}` : p.placeHint}
          </p>
          <button type="button" id="pin-place" class="link-button" onClick={() => props.onUseCentre()}>{p.useCentre}</button>
          <p class="field-error" role={errors().point ? 'alert' : undefined}>{errors().point}</p>
        </fieldset>
        <CategoryPicker categories={props.categories} value={d().category} onChange={(category) => update({ category })}
          legend={p.stepCategory} error={errors().category} errorId="pin-category-error" />
        <Show when={d().point && d().category && !d().outboxId}>
          <SimilarNeeds point={d().point!} category={d().category!} onSupported={(need) => props.onDone({ supported: need })} />
        </Show>
        <div class="pin-step">
          <label class="pin-legend" for="pin-body"><span class="step-number">3</span>{p.stepText}</label>
          <p class="note" id="pin-body-hint">{p.textHint}</p>
          <textarea id="pin-body" ref={textarea} rows="3" value={d().body} onInput={(e) => update({ body: e.currentTarget.value })}
            aria-invalid={errors().body ? 'true' : undefined} aria-describedby="pin-body-hint pin-body-error pin-body-count" />
          <div class="body-foot">
            <p class="field-error" id="pin-body-error" role={errors().body ? 'alert' : undefined}>{errors().body}</p>
            <span class="char-count" id="pin-body-count" classList={{ over: length() > BODY_MAX }}>{p.chars(length(), BODY_MAX)}</span>
          </div>
        </div>
        <p class="privacy-note">{p.privacy}</p>
        <Show when={refusal()}><p class="form-error" role="alert" data-refusal>{refusal()}</p></Show>
        <button type="submit" class="button pin-submit" disabled={sending()}>{sending() ? p.sending : p.submit}</button>
      </form>
    </section>
  )
}
