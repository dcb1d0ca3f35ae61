/**
 * Enterprise owners sign in, or make an account, with e-mail and password. Young
 * people never need this: their interests sign them in silently. A new account is
 * confirmed by the link mailed to it: until then the form says to check the mail.
 */
import { createSignal, createUniqueId, Show } from 'solid-js'
import { resendConfirmation, signInStaff } from '../../data/auth.ts'
import { ApiError } from '../../data/rpc.ts'
import { signUpOwner } from '../../data/projects.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { errorText } from './errors.ts'

/**
 * The "check your e-mail" box replaces the form whose button had focus: focus moves to it
 * (so a folded bottom sheet opens, see SidePanel) and it scrolls into view.
 */
const bringIntoView = (el: HTMLElement) =>
  requestAnimationFrame(() => {
    el.focus({ preventScroll: true })
    el.scrollIntoView({ block: 'nearest' })
  })

export function AccountForm() {
  const id = createUniqueId()
  const [mode, setMode] = createSignal<'in' | 'up'>('in')
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  /** The address a confirmation link went to, once signed up (or refused as unconfirmed). */
  const [sentTo, setSentTo] = createSignal<string | null>(null)
  const [resent, setResent] = createSignal(false)

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      if (mode() === 'in') await signInStaff(email().trim(), password())
      else if ((await signUpOwner(email().trim(), password())) === 'confirm') setSentTo(email().trim())
      // The session change reaches the projects state through onAccountChange.
    } catch (err) {
      if (err instanceof ApiError && err.code === 'email_not_confirmed') {
        setSentTo(email().trim())
        setError(t.owner.notConfirmed)
      } else setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const again = async () => {
    setBusy(true)
    setError(null)
    try {
      await resendConfirmation(sentTo()!)
      setResent(true)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Show when={!sentTo() || error()} fallback={
      <div class="pj-form pj-account" role="status" tabindex="-1" ref={bringIntoView}>
        <h3 class="pj-form-title">{t.owner.signUp}</h3>
        <p>{t.owner.checkEmail(sentTo()!)}</p>
        <p class="pj-hint">{resent() ? t.owner.sentAgain : t.owner.checkSpam}</p>
        <div class="pj-actions">
          <button type="button" class="pj-button" disabled={busy()} onClick={() => void again()}>{busy() ? t.owner.working : t.owner.sendAgain}</button>
          <button type="button" class="link-button" onClick={() => { setSentTo(null); setResent(false); setMode('in') }}>{t.owner.haveAccount}</button>
        </div>
      </div>
    }>
    <form class="pj-form pj-account" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="pj-form-title">{mode() === 'in' ? t.owner.signIn : t.owner.signUp}</h3>
      <label class="pj-field">
        <span class="pj-label">{t.owner.email}</span>
        <input type="email" name="email" required autocomplete="email" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <label class="pj-field">
        <span class="pj-label">{t.owner.password}</span>
        <input
          type="password"
          name="password"
          required
          minlength="8"
          autocomplete={mode() === 'in' ? 'current-password' : 'new-password'}
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <Show when={mode() === 'up'}><span class="pj-hint">{t.owner.passwordHint}</span></Show>
      </label>
      <Show when={error()}><p class="pj-error" role="alert">{error()}</p></Show>
      <Show when={sentTo() && error()}>
        <button type="button" class="link-button" disabled={busy()} onClick={() => void again()}>{resent() ? t.owner.sentAgain : t.owner.sendAgain}</button>
      </Show>
      <div class="pj-actions">
        <button type="submit" class="pj-button" disabled={busy()}>
          {busy() ? t.owner.working : mode() === 'in' ? t.owner.signIn : t.owner.signUp}
        </button>
        <button type="button" class="link-button" onClick={() => { setError(null); setMode(mode() === 'in' ? 'up' : 'in') }}>
          {mode() === 'in' ? t.owner.needAccount : t.owner.haveAccount}
        </button>
      </div>
      <p class="pj-hint">{t.owner.anonymousNote}</p>
    </form>
    </Show>
  )
}
