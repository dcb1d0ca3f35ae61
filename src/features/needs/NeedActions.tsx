/** What one may do with a need: edit or withdraw (author), report (others), hide or restore (staff). */
import { createSignal, Match, Show, Switch } from 'solid-js'
import { ensureSignedIn } from '../../data/auth.ts'
import type { NeedPageData } from '../../data/lifecycle.ts'
import { editNeed, hideNeed, reportNeed, restoreNeed, withdrawNeed, type NeedRecord } from '../../data/needs.ts'
import { needsText } from '../../i18n/needs.ts'
import { humanMessage } from './errors.ts'
import { useResidents } from './residents.ts'
import { checkBody } from './validate.ts'

const n = needsText.need
type Mode = 'idle' | 'edit' | 'withdraw' | 'report' | 'hide'

export function NeedActions(props: {
  need: NeedPageData
  onChanged(next?: NeedRecord): void
  onMessage(m: { text: string; error?: boolean } | null): void
}) {
  const r = useResidents()
  const [mode, setMode] = createSignal<Mode>('idle')
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const editable = () => props.need.is_mine && ['open', 'acknowledged'].includes(props.need.status)
  const withdrawable = () => props.need.is_mine && !['met', 'closed', 'withdrawn'].includes(props.need.status)

  const start = (m: Mode) => {
    setMode(m)
    setError(null)
    props.onMessage(null)
    setText(m === 'edit' ? props.need.body : '')
  }
  const act = async (run: () => Promise<unknown>, done: string, check?: () => string | undefined) => {
    const problem = check?.()
    if (problem) return setError(problem)
    setBusy(true)
    setError(null)
    try {
      await ensureSignedIn()
      const next = await run()
      setMode('idle')
      props.onMessage({ text: done })
      props.onChanged(next && typeof next === 'object' && 'status' in next ? (next as NeedRecord) : undefined)
    } catch (e) {
      setError(humanMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const reason = () => (text().trim().length < 3 ? needsText.validation.reasonShort : undefined)

  return (
    <div class="need-actions">
      <Switch>
        <Match when={mode() === 'idle'}>
          <div class="action-row">
            <Show when={editable()}><button type="button" class="button small secondary" onClick={() => start('edit')}>{n.edit}</button></Show>
            <Show when={withdrawable()}><button type="button" class="button small secondary" onClick={() => start('withdraw')}>{n.withdraw}</button></Show>
            <Show when={!props.need.is_mine && !props.need.hidden}><button type="button" class="link-button" onClick={() => start('report')}>{n.report}</button></Show>
            <Show when={r?.isModerator() && !props.need.hidden}><button type="button" class="link-button danger" onClick={() => start('hide')}>{n.hide}</button></Show>
            <Show when={r?.isModerator() && props.need.hidden}>
              <button type="button" class="link-button" onClick={() => { const id = props.need.id; void act(() => restoreNeed(id, 'Restored after review'), n.saved) }}>{n.restore}</button>
            </Show>
          </div>
        </Match>
        <Match when={mode() === 'withdraw'}>
          <p>{n.withdrawConfirm}</p>
          <div class="action-row">
            <button type="button" class="button small danger" disabled={busy()} onClick={() => { const id = props.need.id; void act(() => withdrawNeed(id), n.withdrawn) }}>{n.withdrawYes}</button>
            <button type="button" class="link-button" onClick={() => setMode('idle')}>{n.cancel}</button>
          </div>
        </Match>
        <Match when={true}>
          <form class="action-form" novalidate onSubmit={(e) => {
            e.preventDefault()
            const id = props.need.id
            const written = text()
            if (mode() === 'edit') void act(() => editNeed(id, written.trim()), n.saved, () => checkBody(written))
            else if (mode() === 'report') void act(() => reportNeed(id, written.trim()), n.reported, reason)
            else void act(() => hideNeed(id, written.trim()), n.hidden, reason)
          }}>
            <label for="need-action-text" class="action-label">{mode() === 'edit' ? n.edit : mode() === 'report' ? n.reportReason : n.hideReason}</label>
            <textarea id="need-action-text" rows={mode() === 'edit' ? 3 : 2} value={text()} onInput={(e) => setText(e.currentTarget.value)}
              aria-invalid={error() ? 'true' : undefined} aria-describedby="need-action-error" />
            <p class="field-error" id="need-action-error" role={error() ? 'alert' : undefined}>{error()}</p>
            <div class="action-row">
              <button type="submit" class="button small" classList={{ danger: mode() === 'hide' }} disabled={busy()}>
                {mode() === 'edit' ? n.save : mode() === 'report' ? n.reportSend : n.hideSend}
              </button>
              <button type="button" class="link-button" onClick={() => setMode('idle')}>{n.cancel}</button>
            </div>
          </form>
        </Match>
      </Switch>
    </div>
  )
}
