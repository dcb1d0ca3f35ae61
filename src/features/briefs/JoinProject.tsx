/** A co-founder's invitation link: sign in with e-mail, then join. */
import { createSignal, Show } from 'solid-js'
import { joinProject } from '../../data/briefs.ts'
import { briefsText as b } from '../../i18n/briefs.ts'
import { AccountForm } from '../projects/AccountForm.tsx'
import { errorText } from '../projects/errors.ts'
import { hasEmailAccount, useAccount } from './account.ts'
import { briefsHref } from './route.ts'

export function JoinProject(props: { token: string }) {
  const account = useAccount()
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const join = async () => {
    setBusy(true)
    setError(null)
    try {
      const project = await joinProject(props.token)
      location.hash = briefsHref({ page: 'project', id: project.project_id })
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="join-project" aria-labelledby="join-h">
      <h1 id="join-h">{b.join.heading}</h1>
      <Show when={hasEmailAccount(account())} fallback={<><p class="note">{b.join.signIn}</p><AccountForm /></>}>
        <button type="button" class="button" disabled={busy()} onClick={() => void join()}>{b.join.submit}</button>
      </Show>
      <Show when={error()}><p class="form-error" role="alert">{error()}</p></Show>
    </section>
  )
}
