/**
 * A need's page (the details panel body), from need_page: its words, street, age,
 * supporters and history, where it stands between adopted and met (NeedLifecycle:
 * adopt, mark met, the author's "is it met?", undo), and what else the viewer may do:
 * "me too" (once, and take it back), edit or withdraw (its author), report (anyone
 * signed in), hide or restore (moderators). All text is rendered as text.
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import { ensureSignedIn } from '../../data/auth.ts'
import { needPage } from '../../data/lifecycle.ts'
import { NeedProjects } from '../briefs/NeedProjects.tsx'
import { supportNeed, unsupportNeed, type NeedRecord } from '../../data/needs.ts'
import type { NeedProps } from '../../data/types.ts'
import { t } from '../../i18n/en.ts'
import { needsText } from '../../i18n/needs.ts'
import { formatDate } from '../../i18n/format.ts'
import { humanMessage } from './errors.ts'
import { historyLabel, statusLabel } from './history.ts'
import { NeedActions } from './NeedActions.tsx'
import { NeedLifecycle } from './NeedLifecycle.tsx'
import { useResidents } from './residents.ts'
import './needs.css'

const n = needsText.need

export function NeedPage(props: { need: NeedProps }) {
  const r = useResidents()
  const [detail, { mutate, refetch }] = createResource(
    () => ({ id: props.need.id, user: r?.account()?.userId ?? null }),
    (k) => needPage(k.id),
  )
  const [message, setMessage] = createSignal<{ text: string; error?: boolean } | null>(null)
  const [busy, setBusy] = createSignal(false)
  const current = () => detail.latest ?? null
  const supporters = () => current()?.supporters ?? props.need.supporters
  const open = () => ['open', 'acknowledged', 'adopted'].includes(current()?.status ?? props.need.status)

  const changed = (next?: NeedRecord) => {
    if (next) mutate((d) => (d ? { ...d, ...next } : d))
    void refetch()
    r?.changed(next)
  }
  const toggleSupport = async () => {
    const d = current()
    if (!d) return
    setBusy(true)
    setMessage(null)
    // Optimistic: the count moves at once, and moves back if the server says no.
    const before = { supporters: d.supporters, supported_by_me: d.supported_by_me }
    mutate({ ...d, supported_by_me: !d.supported_by_me, supporters: d.supporters + (d.supported_by_me ? -1 : 1) })
    try {
      await ensureSignedIn()
      changed(d.supported_by_me ? await unsupportNeed(d.id) : await supportNeed(d.id))
    } catch (e) {
      mutate((now) => (now ? { ...now, ...before } : now))
      setMessage({ text: humanMessage(e), error: true })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="need-page" data-need-page={props.need.id}>
      <blockquote class="need-text">{current()?.body ?? props.need.body}</blockquote>
      <p class="need-meta">
        <span data-need-age>{t.details.raised(n.age(current()?.created_at ?? props.need.created_at))}</span>
        <Show when={current()?.street_name ?? props.need.street_name}>{(street) => <span>· {street()}</span>}</Show>
      </p>
      <div class="need-support">
        <p class="pill" data-supporters={supporters()}>{n.supporters(supporters())}</p>
        <Show when={current() && !current()!.is_mine && open() && !current()!.hidden}>
          <button type="button" class="button small" classList={{ secondary: current()!.supported_by_me }} aria-pressed={current()!.supported_by_me}
            disabled={busy()} onClick={() => void toggleSupport()}>
            {current()!.supported_by_me ? n.undoMeToo : n.meToo}
          </button>
        </Show>
      </div>
      <Show when={current()?.is_mine}>
        <p class="mine-badge"><span class="mine-dot" aria-hidden="true" />{n.yoursBadge}</p>
        <p class="note">{n.yoursNote}</p>
      </Show>
      <Show when={current()?.hidden}><p class="note warn">{n.hiddenBadge}</p></Show>
      <NeedProjects needId={props.need.id} userId={r?.account()?.userId ?? null} onChanged={() => void refetch()} />
      <dl class="fields">
        <div class="field"><dt>{n.status}</dt><dd data-need-status>{statusLabel(current()?.status ?? props.need.status, !!current()?.hidden)}</dd></div>
      </dl>
      <p class="note">{t.details.location}</p>
      <Show when={message()}>{(m) => <p classList={{ 'form-error': !!m().error, 'form-ok': !m().error }} role={m().error ? 'alert' : 'status'}>{m().text}</p>}</Show>
      <Show when={current()}>
        {(d) => (
          <>
            <NeedLifecycle need={d()} onChanged={changed} onMessage={setMessage} />
            <NeedActions need={d()} onChanged={changed} onMessage={setMessage} />
          </>
        )}
      </Show>
      <Show when={detail.state === 'errored'}><p class="note warn">{t.details.failed}</p></Show>
      <Show when={(current()?.history.length ?? 0) > 0}>
        <h3 class="sub-title">{t.details.history}</h3>
        <ol class="history">
          <For each={current()?.history ?? []}>
            {(e) => (
              <li>
                <span class="history-what">{historyLabel(e)}</span>
                <span class="history-when">{formatDate(e.at)} · {n.age(e.at)}</span>
                <Show when={e.note}><span class="history-note">{e.note}</span></Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </div>
  )
}
