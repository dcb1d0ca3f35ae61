/**
 * "I'm interested": a first name or nickname, their age (checked against the range
 * here for a quick answer, and by the database for certain), how the enterprise may
 * reply (the young person chooses), and an optional message. Signs in silently
 * (anonymous sign-in) on this first write.
 */
import { createSignal, createUniqueId, onMount, Show } from 'solid-js'
import { ensureSignedIn } from '../../data/auth.ts'
import { expressInterest, type ReplyVia } from '../../data/projects.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { errorText } from './errors.ts'

export function InterestForm(props: {
  opportunityId: string
  title: string
  minAge: number
  maxAge: number
  onSent(): void
  onCancel(): void
}) {
  const id = createUniqueId()
  const [name, setName] = createSignal('')
  const [age, setAge] = createSignal('')
  const [via, setVia] = createSignal<ReplyVia>('email')
  const [replyTo, setReplyTo] = createSignal('')
  const [message, setMessage] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)

  let form!: HTMLFormElement
  let first!: HTMLInputElement
  onMount(() => {
    form.scrollIntoView?.({ block: 'start' })
    first.focus({ preventScroll: true })
  })

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setError(null)
    const n = Number.parseInt(age(), 10)
    if (Number.isFinite(n) && (n < props.minAge || n > props.maxAge)) return setError(t.interest.outOfRange(props.minAge, props.maxAge))
    setBusy(true)
    try {
      await ensureSignedIn()
      await expressInterest({
        opportunity_id: props.opportunityId,
        display_name: name(),
        reply_via: via(),
        reply_to: via() === 'in-person' ? null : replyTo(),
        age: n,
        message: message().trim() || null,
      })
      props.onSent()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form ref={form} class="pj-form pj-interest" onSubmit={submit} aria-labelledby={`${id}-title`} novalidate>
      <h3 id={`${id}-title`} class="pj-form-title">{t.interest.heading}</h3>
      <p class="pj-hint">{t.interest.intro}</p>
      <label class="pj-field">
        <span class="pj-label">{t.interest.name}</span>
        <input ref={first} type="text" name="display_name" required maxlength="40" autocomplete="nickname" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <span class="pj-hint">{t.interest.nameHint}</span>
      </label>
      <label class="pj-field">
        <span class="pj-label">{t.interest.age}</span>
        <input type="number" name="age" required inputmode="numeric" min="10" max="120" class="pj-narrow" value={age()} onInput={(e) => setAge(e.currentTarget.value)} />
        <span class="pj-hint">{t.interest.ageHint(props.minAge, props.maxAge)}</span>
      </label>
      <fieldset class="pj-field pj-radios">
        <legend class="pj-label">{t.interest.reply}</legend>
        <label><input type="radio" name={`${id}-via`} value="email" checked={via() === 'email'} onChange={() => setVia('email')} /> {t.interest.replyEmail}</label>
        <label><input type="radio" name={`${id}-via`} value="phone" checked={via() === 'phone'} onChange={() => setVia('phone')} /> {t.interest.replyPhone}</label>
        <label><input type="radio" name={`${id}-via`} value="in-person" checked={via() === 'in-person'} onChange={() => setVia('in-person')} /> {t.interest.replyInPerson}</label>
      </fieldset>
      <Show when={via() !== 'in-person'}>
        <label class="pj-field">
          <span class="pj-label">{via() === 'email' ? t.interest.email : t.interest.phone}</span>
          <input
            type={via() === 'email' ? 'email' : 'tel'}
            name="reply_to"
            required
            maxlength="200"
            autocomplete={via() === 'email' ? 'email' : 'tel'}
            value={replyTo()}
            onInput={(e) => setReplyTo(e.currentTarget.value)}
          />
        </label>
      </Show>
      <label class="pj-field">
        <span class="pj-label">{t.interest.message}</span>
        <textarea name="message" rows="3" maxlength="500" value={message()} onInput={(e) => setMessage(e.currentTarget.value)} />
        <span class="pj-hint">{t.interest.messageHint}</span>
      </label>
      <Show when={error()}>
        <p class="pj-error" role="alert">{error()}</p>
      </Show>
      <p class="pj-hint pj-privacy">{t.interest.privacy}</p>
      <div class="pj-actions">
        <button type="submit" class="pj-button" disabled={busy()}>{busy() ? t.interest.sending : t.interest.send}</button>
        <button type="button" class="pj-button secondary" onClick={() => props.onCancel()}>{t.interest.cancel}</button>
      </div>
    </form>
  )
}
