/**
 * On a need's page: "a project is starting for this", with a link to it; and, when that
 * project marked the need met, the question to its author: is it?
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import { confirmNeedMet, needProjects } from '../../data/briefs.ts'
import { briefsText as b } from '../../i18n/briefs.ts'
import { errorText } from '../projects/errors.ts'
import { latestOf } from './resource.ts'
import { briefsHref } from './route.ts'
import './briefs.css'

export function NeedProjects(props: { needId: string; userId: string | null; onChanged?(): void }) {
  const [projects, { refetch }] = createResource(() => ({ id: props.needId, user: props.userId }), (k) => needProjects(k.id))
  const [message, setMessage] = createSignal<{ text: string; error?: boolean } | null>(null)
  const answer = async (yes: boolean) => {
    setMessage(null)
    try {
      await confirmNeedMet(props.needId, yes)
      setMessage({ text: b.need.thanks })
      await refetch()
      props.onChanged?.()
    } catch (err) {
      setMessage({ text: errorText(err), error: true })
    }
  }
  return (
    <Show when={(latestOf(projects) ?? []).length > 0}>
      <div class="need-projects" data-need-projects>
        <For each={latestOf(projects)}>
          {(p) => (
            <div class="note warn">
              <p><strong>{p.stage === 'starting' ? b.need.starting(p.name) : b.need.active(p.name)}</strong>{p.adopted_this ? ` ${b.need.adopted}` : ''}</p>
              <a href={briefsHref({ page: 'project', id: p.project_id })}>{b.need.open}</a>
              <Show when={p.awaiting_my_confirmation}>
                <p>{b.need.confirmQuestion}</p>
                <button type="button" class="button small" onClick={() => void answer(true)}>{b.need.yes}</button>{' '}
                <button type="button" class="button small secondary" onClick={() => void answer(false)}>{b.need.no}</button>
              </Show>
            </div>
          )}
        </For>
        <Show when={message()}>{(m) => <p classList={{ 'form-error': !!m().error, 'form-ok': !m().error }} role={m().error ? 'alert' : 'status'}>{m().text}</p>}</Show>
      </div>
    </Show>
  )
}
