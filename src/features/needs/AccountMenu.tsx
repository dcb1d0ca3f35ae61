/**
 * The account menu in the top bar: residents are signed in silently; staff sign in
 * here with e-mail and password, and moderators open the reported needs from it.
 * When the page was opened from a mailed link it opens by itself to say what the link
 * did; an invited person chooses their password here.
 */
import { createSignal, onCleanup, onMount, Show } from 'solid-js'
import { choosePassword, signInStaff, signOut, takeAuthLanding } from '../../data/auth.ts'
import { needsText } from '../../i18n/needs.ts'
import { humanMessage } from './errors.ts'
import { useResidents } from './residents.ts'
import './needs.css'

const a = needsText.account

export function AccountMenu(props: { onReports(): void }) {
  const r = useResidents()!
  const [open, setOpen] = createSignal(false)
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const [notice, setNotice] = createSignal<string | null>(null)
  const [choosing, setChoosing] = createSignal(false)
  let root!: HTMLDivElement
  const outside = (e: MouseEvent) => open() && !root.contains(e.target as Node) && setOpen(false)
  onMount(() => {
    document.addEventListener('click', outside)
    const landing = takeAuthLanding()
    if (!landing) return
    if (landing.error) setNotice(a.linkFailed(landing.error))
    else if (landing.message) setNotice(a.halfChanged)
    else if (landing.type === 'invite') {
      setNotice(a.invited)
      setChoosing(true)
    } else if (landing.type === 'signup') setNotice(a.confirmed)
    else if (landing.type === 'email_change') setNotice(a.emailChanged)
    else if (landing.type) setNotice(a.signedInByLink)
    setOpen(true)
  })

  const savePassword = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await choosePassword(password())
      setPassword('')
      setChoosing(false)
      setNotice(a.passwordSaved)
    } catch (err) {
      setError(humanMessage(err))
    } finally {
      setBusy(false)
    }
  }
  onCleanup(() => document.removeEventListener('click', outside))

  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await signInStaff(email().trim(), password())
      setPassword('')
      setOpen(false)
    } catch (err) {
      const m = humanMessage(err)
      setError(/Invalid login|credentials|grant/i.test(String((err as Error).message)) ? a.badLogin : m)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="account" ref={root} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" class="account-button" aria-expanded={open()} aria-controls="account-popup" onClick={() => setOpen((o) => !o)}>
        <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="7" r="3.5" fill="none" stroke="currentColor" stroke-width="1.8" /><path d="M3.5 17c.8-3.3 3.3-5 6.5-5s5.7 1.7 6.5 5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" /></svg>
        <span class="account-label">{r.isStaff() ? r.account()!.email : a.menu}</span>
      </button>
      <Show when={open()}>
        <div class="account-popup" id="account-popup" role="group" aria-label={a.menu}>
          <Show when={notice()}><p class="form-ok" role="status">{notice()}</p></Show>
          <Show when={choosing()}>
            <form class="staff-form" onSubmit={savePassword}>
              <label for="new-password">{a.newPassword}</label>
              <input id="new-password" type="password" autocomplete="new-password" minlength="8" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
              <Show when={error()}><p class="form-error" role="alert">{error()}</p></Show>
              <button type="submit" class="button" disabled={busy()}>{a.savePassword}</button>
            </form>
          </Show>
          <Show when={!choosing()}>
          <Show when={r.isStaff()} fallback={
            <form class="staff-form" onSubmit={submit}>
              <p class="note">{r.account() ? a.resident : a.guest}</p>
              <h2 class="sub-title">{a.staffSignIn}</h2>
              <label for="staff-email">{a.email}</label>
              <input id="staff-email" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
              <label for="staff-password">{a.password}</label>
              <input id="staff-password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
              <Show when={error()}><p class="form-error" role="alert">{error()}</p></Show>
              <button type="submit" class="button" disabled={busy()}>{busy() ? a.signingIn : a.signIn}</button>
            </form>
          }>
            <p class="note">{a.signedInAs(r.account()!.email ?? '')}</p>
            <Show when={r.isModerator()}>
              <button type="button" class="button" onClick={() => { setOpen(false); props.onReports() }}>{a.reports}</button>
            </Show>
            <button type="button" class="link-button" onClick={() => { setOpen(false); void signOut() }}>{a.signOut}</button>
          </Show>
          </Show>
        </div>
      </Show>
    </div>
  )
}
