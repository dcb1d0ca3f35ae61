/**
 * Where a need stands between "adopted" and "met", and what the viewer may do about it:
 * adopt (only offered when the database says they may), mark met (the adopter: a claim),
 * answer a claim (the author: met / not met), undo the adoption (author, adopter,
 * moderator). The database decides every permission (need_page's `may`).
 */
import { createSignal, For, Show } from 'solid-js'
import { ensureSignedIn } from '../../data/auth.ts'
import { adoptNeed, confirmNeedMet, markNeedMet, undoAdoption, type NeedOutcome, type NeedPageData } from '../../data/lifecycle.ts'
import { ApiError } from '../../data/rpc.ts'
import { lifecycleText as l } from '../../i18n/lifecycle.ts'
import { humanMessage } from './errors.ts'
import { useResidents } from './residents.ts'
import './lifecycle.css'

/** The database's refusals of lifecycle calls are written for people; show them as they are. */
function lifecycleMessage(error: unknown): string {
  if (error instanceof ApiError && !error.unreachable && ['42501', '22023', 'PT429'].includes(error.code ?? '')) return error.message
  return humanMessage(error)
}

export function NeedLifecycle(props: {
  need: NeedPageData
  onChanged(next?: NeedOutcome): void
  onMessage(m: { text: string; error?: boolean } | null): void
}) {
  const r = useResidents()
  const [busy, setBusy] = createSignal(false)
  const may = () => props.need.may
  // Someone signed in with an e-mail address that is not confirmed yet (residents signed
  // in anonymously are not asked to adopt anything).
  const unconfirmedAccount = () => !!r?.account() && !r.account()!.anonymous && !may().confirmed_account
  const run = async (call: () => Promise<NeedOutcome>, done: string) => {
    setBusy(true)
    props.onMessage(null)
    try {
      await ensureSignedIn()
      const next = await call()
      props.onMessage({ text: done })
      props.onChanged(next)
    } catch (e) {
      props.onMessage({ text: lifecycleMessage(e), error: true })
    } finally {
      setBusy(false)
    }
  }
  const id = () => props.need.id
  const claimForMe = () => props.need.awaiting_confirmation && may().answer_claim
  const offersAdopting = () => may().adopt || may().adopt_for.length > 0

  return (
    <div class="need-lifecycle">
      <Show when={props.need.status === 'adopted' && !props.need.awaiting_confirmation}>
        <p class="lifecycle-state" data-lifecycle="adopted">
          {props.need.adopted_by_me ? l.adopted : l.adoptedBy(props.need.adopted_by_enterprise?.name ?? null)}
        </p>
      </Show>
      <Show when={props.need.awaiting_confirmation && !claimForMe()}>
        <p class="lifecycle-state waiting" data-lifecycle="waiting-for-resident">{l.waitingForResident}</p>
      </Show>
      <Show when={props.need.status === 'met'}>
        <p class="lifecycle-state met" data-lifecycle="met">{l.metBy(props.need.met_confirmed_by)}</p>
      </Show>

      <Show when={claimForMe()}>
        <div class="lifecycle-ask" role="group" aria-labelledby="lifecycle-ask-title" data-lifecycle="waiting-for-you">
          <p class="lifecycle-ask-title" id="lifecycle-ask-title">{l.waitingForYou}</p>
          <p class="note">{l.waitingForYouHelp(props.need.auto_confirms_at)}</p>
          <div class="action-row">
            <button type="button" class="button small" disabled={busy()} onClick={() => { const need = id(); void run(() => confirmNeedMet(need, true), l.confirmed) }}>
              {l.confirmMet}
            </button>
            <button type="button" class="button small secondary" disabled={busy()} onClick={() => { const need = id(); void run(() => confirmNeedMet(need, false), l.reopened) }}>
              {l.notMet}
            </button>
          </div>
        </div>
      </Show>

      <div class="action-row">
        <Show when={may().adopt}>
          <button type="button" class="button small" disabled={busy()} onClick={() => { const need = id(); void run(() => adoptNeed(need, null), l.adopted) }}>{l.adopt}</button>
        </Show>
        <For each={may().adopt_for}>
          {(e) => (
            <button type="button" class="button small secondary" disabled={busy()} onClick={() => { const need = id(); void run(() => adoptNeed(need, e.id), l.adopted) }}>
              {l.adoptFor(e.name)}
            </button>
          )}
        </For>
        <Show when={may().mark_met}>
          <button type="button" class="button small" disabled={busy()} onClick={() => { const need = id(); void run(() => markNeedMet(need), l.markedMet) }}>{l.markMet}</button>
        </Show>
        <Show when={may().undo_adoption}>
          <button type="button" class="link-button" disabled={busy()} onClick={() => { const need = id(); void run(() => undoAdoption(need), l.undone) }}>{l.undo}</button>
        </Show>
      </div>
      <Show when={offersAdopting()}><p class="note">{l.adoptHelp}</p></Show>
      <Show when={unconfirmedAccount() && !props.need.is_mine && ['open', 'acknowledged'].includes(props.need.status)}>
        <p class="note" data-lifecycle="confirm-first">{l.confirmFirst}</p>
      </Show>
    </div>
  )
}
