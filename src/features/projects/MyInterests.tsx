/** The young person's own interests, each with a way to withdraw it (optimistic, with rollback). */
import { createResource, createSignal, For, Show } from 'solid-js'
import { myInterests, withdrawInterest, type MyInterest } from '../../data/projects.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { madeOnFirstUse } from '../../i18n/format.ts'
import { errorText } from './errors.ts'

const dateFormat = madeOnFirstUse(() => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }))
const date = (iso: string) => dateFormat().format(new Date(iso))

export function MyInterests(props: { userId: string | null; onOpen(opportunityId: string): void }) {
  const [list, { mutate }] = createResource(
    () => props.userId ?? false,
    () => myInterests(),
  )
  const [error, setError] = createSignal<string | null>(null)

  const withdraw = async (item: MyInterest) => {
    const before = list() ?? []
    setError(null)
    mutate(before.filter((i) => i.id !== item.id))
    try {
      await withdrawInterest(item.id)
    } catch (err) {
      mutate(before)
      setError(errorText(err))
    }
  }

  return (
    <section class="pj-mine" aria-labelledby="pj-mine-title">
      <h2 id="pj-mine-title" class="pj-title">{t.mine.heading}</h2>
      <p class="pj-intro">{t.mine.intro}</p>
      <Show when={error()}><p class="pj-error" role="alert">{error()}</p></Show>
      <Show when={!props.userId || (list.state === 'ready' && (list() ?? []).length === 0)}>
        <p class="pj-empty">{t.mine.empty}</p>
      </Show>
      <ul class="pj-cards" role="list">
        <For each={props.userId ? (list.latest ?? []) : []}>
          {(item) => (
            <li class="pj-interest-row" data-interest={item.id}>
              <div class="pj-interest-text">
                <span class="pj-card-title">{item.title}</span>
                <span class="pj-card-org">{item.enterprise_name}</span>
                <span class="pj-hint">{t.mine.sentOn(date(item.created_at))} · {t.mine.replyVia(item.reply_via)}</span>
              </div>
              <div class="pj-row-actions">
                <button type="button" class="pj-button secondary small" onClick={() => props.onOpen(item.opportunity_id)}>{t.mine.open}</button>
                <button type="button" class="pj-button danger small" aria-label={t.mine.withdrawLabel(item.title)} onClick={() => withdraw(item)}>
                  {t.mine.withdraw}
                </button>
              </div>
            </li>
          )}
        </For>
      </ul>
    </section>
  )
}
