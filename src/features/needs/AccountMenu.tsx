/**
 * The account menu in the top bar: residents are signed in silently; staff sign in
 * here with e-mail and password, and moderators open the reported needs from it.
 */
import { createSignal, onCleanup, onMount, Show } from 'solid-js'
import { signInStaff, signOut } from '../../data/auth.ts'
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
  let root!: HTMLDivElement
  const outside = (e: MouseEvent) => open() && !root.contains(e.target as Node) && setOpen(false)
  onMount(() => document.addEventListener('click', outside))
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
        </div>
      </Show>
    </div>
  )
}
