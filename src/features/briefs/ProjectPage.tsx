/**
 * A project started from a brief: its stage, goal, roles to join and the brief's needs;
 * for its founder and co-founders, the tools to run it (adopt the needs, mark them met,
 * invite co-founders, add roles, make it active or stop it); and whether it worked.
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import { adoptBriefNeeds, confirmNeedMet, inviteCofounder, markNeedMet, projectDetail, setProjectStage, type ProjectDetail } from '../../data/briefs.ts'
import { briefsText as b } from '../../i18n/briefs.ts'
import { formatDate } from '../../i18n/format.ts'
import { errorText } from '../projects/errors.ts'
import { OpportunityForm } from '../projects/OpportunityForm.tsx'
import { useAccount } from './account.ts'
import { Outcomes } from './Outcomes.tsx'
import { latestOf } from './resource.ts'
import { briefsHref } from './route.ts'

const p = b.project
/** Needs shown before "Show all": the roles and outcomes stay within reach on a phone. */
const FIRST_NEEDS = 6

export function ProjectPage(props: { id: string }) {
  const account = useAccount()
  const [project, { mutate, refetch }] = createResource(
    () => ({ id: props.id, user: account()?.userId ?? null }),
    (k) => projectDetail(k.id),
  )
  const [message, setMessage] = createSignal<{ text: string; error?: boolean } | null>(null)
  const [busy, setBusy] = createSignal(false)
  const [invite, setInvite] = createSignal<string | null>(null)
  const [addingRole, setAddingRole] = createSignal(false)
  const [allNeeds, setAllNeeds] = createSignal(false)

  const act = async (run: () => Promise<string | void>) => {
    setBusy(true)
    setMessage(null)
    try {
      const done = await run()
      if (done) setMessage({ text: done })
      await refetch()
    } catch (err) {
      setMessage({ text: errorText(err), error: true })
    } finally {
      setBusy(false)
    }
  }
  const adopt = (needIds?: string[]) => {
    const id = props.id
    return act(async () => {
      const r = await adoptBriefNeeds(id, needIds)
      mutate(r.project)
      return p.adopted(r.adopted.length, r.skipped.length)
    })
  }
  const markMet = (needId: string) => act(async () => { await markNeedMet(needId); return p.markedMet })
  // The person who raised a need answers here too, where the project's claim is shown.
  const answer = (needId: string, yes: boolean) => act(async () => { await confirmNeedMet(needId, yes); return b.need.thanks })
  const makeInvite = () => {
    const id = props.id
    return act(async () => {
      const r = await inviteCofounder(id)
      setInvite(new URL(briefsHref({ page: 'join', token: r.token }), location.href).href)
    })
  }
  const stage = (s: 'active' | 'abandoned') => {
    const id = props.id
    return act(async () => {
      if (s === 'abandoned' && !window.confirm(p.abandonConfirm)) return
      await setProjectStage(id, s)
      return s === 'active' ? p.nowActive : p.nowAbandoned
    })
  }

  return (
    <article class="project-page" data-project-page={props.id}>
      <Show when={project.state === 'errored'}><p class="form-error" role="alert">{b.failed}</p></Show>
      <Show when={project.state === 'ready' && project() === null}><p class="note">{p.notFound}</p></Show>
      <Show when={latestOf(project)}>
        {(d) => (
          <>
            <p class="no-print"><a href={briefsHref({ page: 'brief', id: d().brief_id })}>← {p.fromBrief}</a></p>
            <h1>{d().name}</h1>
            <p class="lead"><span class="pill" data-stage={d().stage}>{b.brief.stage[d().stage]}</span> {d().social_goal}</p>
            <p class="muted">{p.started(formatDate(d().started_at))} · {p.cofounders(d().cofounders)}<Show when={d().contact}> · {d().contact}</Show></p>
            <Show when={message()}>{(m) => <p classList={{ 'form-error': !!m().error, 'form-ok': !m().error }} role={m().error ? 'alert' : 'status'}>{m().text}</p>}</Show>
            <Show when={d().is_member && d().stage !== 'abandoned'}>
              <MemberTools project={d()} busy={busy()} invite={invite()} onAdopt={adopt} onInvite={makeInvite} onStage={stage} />
            </Show>
            <section aria-labelledby="pj-roles">
              <h2 id="pj-roles">{p.roles}</h2>
              <Show when={d().opportunities.length > 0} fallback={<p class="muted">{p.noRoles}</p>}>
                <ul class="plain"><For each={d().opportunities}>{(o) => (
                  <li data-opportunity={o.opportunity_id}>
                    {o.title} · {o.min_age}–{o.max_age}{' '}
                    <a class="no-print" href={`./?map=17/${d().lat}/${d().lon}&tab=projects`}>{p.joinRole}</a>
                  </li>
                )}</For></ul>
              </Show>
              <Show when={d().is_founder && d().stage !== 'abandoned'}>
                <Show when={addingRole()} fallback={<button type="button" class="button small secondary no-print" onClick={() => setAddingRole(true)}>{p.addRole}</button>}>
                  <OpportunityForm enterpriseId={d().project_id} onAdded={() => { setAddingRole(false); void refetch() }} onCancel={() => setAddingRole(false)} />
                </Show>
              </Show>
            </section>
            <section aria-labelledby="pj-needs">
              <h2 id="pj-needs">{p.needs}</h2>
              {/* Visitors see the first few (and their own); the project's people, all of them. */}
              <ul class="brief-asked" classList={{ collapsed: !allNeeds() && !d().is_member }}>
                <For each={d().needs}>
                  {(n, i) => (
                    <li data-need={n.id} data-status={n.status} data-awaiting={n.awaiting_confirmation}
                      classList={{ later: i() >= FIRST_NEEDS && !n.is_mine }}>
                      <blockquote>{n.body}</blockquote>
                      <span class="muted">{n.street_name ?? ''} · {n.awaiting_confirmation ? p.awaiting : (n.adopted_by_project ? p.status.adopted : p.status[n.status] ?? n.status)}</span>
                      <Show when={n.is_mine && n.awaiting_confirmation}>
                        <p class="confirm-question">{b.need.confirmQuestion}</p>
                        <button type="button" class="button small no-print" disabled={busy()} onClick={() => void answer(n.id, true)}>{b.need.yes}</button>{' '}
                        <button type="button" class="button small secondary no-print" disabled={busy()} onClick={() => void answer(n.id, false)}>{b.need.no}</button>
                      </Show>
                      <Show when={d().is_member && (n.status === 'open' || n.status === 'acknowledged')}>
                        <button type="button" class="button small secondary no-print" disabled={busy()} onClick={() => void adopt([n.id])}>{p.adoptOne}</button>
                      </Show>
                      <Show when={d().is_member && n.adopted_by_project && n.status === 'adopted' && !n.awaiting_confirmation}>
                        <button type="button" class="button small no-print" disabled={busy()} onClick={() => void markMet(n.id)}>{p.markMet}</button>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={!allNeeds() && !d().is_member && d().needs.length > FIRST_NEEDS}>
                <button type="button" class="button small secondary no-print" onClick={() => setAllNeeds(true)}>{b.brief.showAll(d().needs.length)}</button>
              </Show>
            </section>
            <section aria-labelledby="pj-outcomes">
              <h2 id="pj-outcomes">{p.outcomes}</h2>
              <Outcomes outcomes={d().outcomes} />
            </section>
          </>
        )}
      </Show>
    </article>
  )
}

function MemberTools(props: {
  project: ProjectDetail
  busy: boolean
  invite: string | null
  onAdopt(): void
  onInvite(): void
  onStage(stage: 'active' | 'abandoned'): void
}) {
  const openNeeds = () => props.project.needs.filter((n) => ['open', 'acknowledged'].includes(n.status) && !n.is_mine).length
  return (
    <div class="project-tools no-print">
      <button type="button" class="button" disabled={props.busy || openNeeds() === 0} onClick={() => props.onAdopt()}>{p.adoptAll}</button>
      <button type="button" class="button secondary" disabled={props.busy} onClick={() => props.onInvite()}>{p.invite}</button>
      <Show when={props.project.is_founder && props.project.stage === 'starting'}>
        <button type="button" class="button secondary" disabled={props.busy} onClick={() => props.onStage('active')}>{p.makeActive}</button>
      </Show>
      <Show when={props.project.is_founder}>
        <button type="button" class="button danger small" disabled={props.busy} onClick={() => props.onStage('abandoned')}>{p.abandon}</button>
      </Show>
      <Show when={props.invite}>{(url) => <p class="invite">{p.inviteLink} <input readonly value={url()} aria-label={p.invite} onFocus={(e) => e.currentTarget.select()} /></p>}</Show>
    </div>
  )
}
