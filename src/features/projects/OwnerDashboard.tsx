/**
 * The owner's dashboard: their enterprises, each with its opportunities (add, close,
 * reopen) and who is interested — interests reach only this screen.
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import {
  enterpriseInterests, myEnterprises, setOpportunityStatus, updateEnterprise, type EnterpriseInterest, type OwnedEnterprise, type OwnedOpportunity,
} from '../../data/projects.ts'
import type { Category } from '../../data/types.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { EnterpriseForm } from './EnterpriseForm.tsx'
import { errorText } from './errors.ts'
import { OpportunityForm } from './OpportunityForm.tsx'
import type { ChosenPlace } from './PlaceSearch.tsx'

export function OwnerDashboard(props: {
  userId: string
  email: string | null
  categories: Category[]
  mapCentre: () => { lon: number; lat: number }
  onPicking: (on: boolean) => void
  onPlace: (place: ChosenPlace) => void
  onSignOut(): void
}) {
  const [attempt, setAttempt] = createSignal(0)
  const key = () => ({ user: props.userId, attempt: attempt() })
  const [enterprises, { mutate }] = createResource(key, () => myEnterprises())
  const [interests] = createResource(key, () => enterpriseInterests())
  const [listing, setListing] = createSignal(false)
  const [adding, setAdding] = createSignal<string | null>(null)
  const [status, setStatus] = createSignal<string | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  const reload = () => setAttempt((n) => n + 1)

  // Optimistic close/reopen, rolled back with a message if the server refuses.
  const toggle = async (e: OwnedEnterprise, o: OwnedOpportunity) => {
    const next = o.status === 'open' ? 'closed' : 'open'
    const before = enterprises() ?? []
    const patch = (s: 'open' | 'closed') =>
      before.map((x) => (x.id !== e.id ? x : { ...x, opportunities: x.opportunities.map((y) => (y.opportunity_id === o.opportunity_id ? { ...y, status: s } : y)) }))
    setError(null)
    mutate(patch(next))
    try {
      await setOpportunityStatus(o.opportunity_id, next)
    } catch (err) {
      mutate(before)
      setError(errorText(err))
    }
  }
  const changeEnterpriseStatus = async (e: OwnedEnterprise, next: OwnedEnterprise['status']) => {
    const before = enterprises() ?? []
    setError(null)
    mutate(before.map((x) => (x.id === e.id ? { ...x, status: next } : x)))
    try {
      await updateEnterprise(e.id, { status: next })
    } catch (err) {
      mutate(before)
      setError(errorText(err))
    }
  }
  const interestsFor = (enterpriseId: string): EnterpriseInterest[] => (interests.latest ?? []).filter((i) => i.enterprise_id === enterpriseId)
  const showForm = () => listing() || (enterprises.state === 'ready' && (enterprises() ?? []).length === 0)

  return (
    <section class="pj-owner" aria-labelledby="pj-owner-title">
      <div class="pj-owner-head">
        <h2 id="pj-owner-title" class="pj-title">{t.owner.yourEnterprises}</h2>
        <p class="pj-hint">
          {t.owner.signedInAs(props.email ?? '')} ·{' '}
          <button type="button" class="link-button inline" onClick={() => props.onSignOut()}>{t.owner.signOut}</button>
        </p>
      </div>
      <p class="pj-notice pj-safeguarding">{t.owner.safeguarding}</p>
      <Show when={status()}><p class="pj-success" role="status">{status()}</p></Show>
      <Show when={error() ?? (enterprises.error ? errorText(enterprises.error) : null)}>
        {(msg) => <p class="pj-error" role="alert">{msg()}</p>}
      </Show>
      <Show when={enterprises.loading && !enterprises.latest}><p class="pj-hint" role="status">{t.owner.loading}</p></Show>

      <For each={enterprises.latest ?? []}>
        {(e) => (
          <article class="pj-enterprise" data-enterprise={e.id} aria-labelledby={`pj-ent-${e.id}`}>
            <header class="pj-enterprise-head">
              <h3 id={`pj-ent-${e.id}`} class="pj-enterprise-name">{e.name}</h3>
              <select
                class="pj-status-select"
                data-status={e.status}
                aria-label={t.owner.statusLabel(e.name)}
                value={e.status}
                onChange={(ev) => changeEnterpriseStatus(e, ev.currentTarget.value as OwnedEnterprise['status'])}
              >
                <For each={['active', 'paused', 'closed'] as const}>{(s) => <option value={s}>{t.owner.status[s]}</option>}</For>
              </select>
            </header>
            <p class="pj-prose pj-goal">{e.social_goal}</p>

            <h4 class="pj-sub">{t.owner.opportunities}</h4>
            <Show when={e.opportunities.length === 0}><p class="pj-hint">{t.owner.noOpportunities}</p></Show>
            <ul class="pj-owned" role="list">
              <For each={e.opportunities}>
                {(o) => (
                  <li class="pj-owned-row" data-owned={o.opportunity_id} data-status={o.status}>
                    <div class="pj-owned-text">
                      <span class="pj-card-title">{o.title}</span>
                      <span class="pj-hint">
                        {o.status === 'open' ? t.owner.openState : t.owner.closedState} · {t.card.ages(o.min_age, o.max_age)} ·{' '}
                        {t.owner.interestCount(o.interests)}
                      </span>
                    </div>
                    <button
                      type="button"
                      class="pj-button secondary small"
                      aria-label={o.status === 'open' ? t.owner.closeLabel(o.title) : t.owner.reopenLabel(o.title)}
                      onClick={() => toggle(e, o)}
                    >
                      {o.status === 'open' ? t.owner.close : t.owner.reopen}
                    </button>
                  </li>
                )}
              </For>
            </ul>
            <Show
              when={adding() === e.id}
              fallback={
                <Show when={e.status !== 'closed'}>
                  <button type="button" class="pj-button secondary" onClick={() => { setStatus(null); setAdding(e.id) }}>
                    + {t.owner.addOpportunity}
                  </button>
                </Show>
              }
            >
              <OpportunityForm
                enterpriseId={e.id}
                onCancel={() => setAdding(null)}
                onAdded={() => {
                  setAdding(null)
                  setStatus(t.opportunityForm.added)
                  reload()
                }}
              />
            </Show>

            <h4 class="pj-sub">{t.owner.interests}</h4>
            <Show when={interestsFor(e.id).length === 0}><p class="pj-hint">{t.owner.noInterests}</p></Show>
            <ul class="pj-owned" role="list">
              <For each={interestsFor(e.id)}>
                {(i) => (
                  <li class="pj-received" data-received={i.id}>
                    <span class="pj-card-title">
                      {i.display_name} <span class="pj-hint">({t.owner.interestAge(i.age)})</span>
                    </span>
                    <span class="pj-hint">{i.title}</span>
                    <span>{t.owner.interestReply(i.reply_via, i.reply_to)}</span>
                    <Show when={i.message}><q class="pj-quote">{i.message}</q></Show>
                  </li>
                )}
              </For>
            </ul>
          </article>
        )}
      </For>

      <Show
        when={showForm()}
        fallback={<button type="button" class="pj-button" onClick={() => { setStatus(null); setListing(true) }}>+ {t.owner.listNew}</button>}
      >
        <Show when={enterprises.state === 'ready' && (enterprises() ?? []).length === 0}><p class="pj-hint">{t.owner.none}</p></Show>
        <EnterpriseForm
          categories={props.categories}
          mapCentre={props.mapCentre}
          onPicking={props.onPicking}
          onPlace={props.onPlace}
          onCancel={(enterprises() ?? []).length > 0 ? () => setListing(false) : undefined}
          onListed={() => {
            setListing(false)
            setStatus(t.enterpriseForm.listed)
            reload()
          }}
        />
      </Show>
    </section>
  )
}
