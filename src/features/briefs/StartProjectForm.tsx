/** "Start this": a confirmed e-mail account starts a project from an open brief. */
import { createSignal, createUniqueId, Show } from 'solid-js'
import { startProject } from '../../data/briefs.ts'
import { briefsText as b } from '../../i18n/briefs.ts'
import { AccountForm } from '../projects/AccountForm.tsx'
import { errorText } from '../projects/errors.ts'
import { hasEmailAccount, useAccount } from './account.ts'
import { briefsHref } from './route.ts'

export function StartProjectForm(props: { briefId: string }) {
  const id = createUniqueId()
  const account = useAccount()
  const [name, setName] = createSignal('')
  const [goal, setGoal] = createSignal('')
  const [contact, setContact] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const project = await startProject(props.briefId, name(), goal(), contact())
      location.hash = briefsHref({ page: 'project', id: project.project_id })
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="brief-start no-print" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{b.start.heading}</h2>
      <p>{b.start.intro}</p>
      <Show when={hasEmailAccount(account())} fallback={<><p class="note">{b.start.signIn}</p><AccountForm /></>}>
        <form class="form" onSubmit={(e) => void submit(e)}>
          <label for={`${id}-name`}>{b.start.name}</label>
          <input id={`${id}-name`} required minlength="2" maxlength="200" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          <label for={`${id}-goal`}>{b.start.goal}</label>
          <textarea id={`${id}-goal`} required minlength="3" maxlength="500" value={goal()} onInput={(e) => setGoal(e.currentTarget.value)} />
          <label for={`${id}-contact`}>{b.start.contact}</label>
          <input id={`${id}-contact`} required minlength="3" maxlength="300" value={contact()} onInput={(e) => setContact(e.currentTarget.value)} />
          <Show when={error()}><p class="form-error" role="alert">{error()}</p></Show>
          <button type="submit" class="button" disabled={busy()}>{busy() ? b.start.busy : b.start.submit}</button>
        </form>
      </Show>
    </section>
  )
}
