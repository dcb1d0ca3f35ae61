/**
 * One opportunity: what you would do, the enterprise and its social goal, where and
 * when, who it suits, how to get involved; then "I'm interested" (or withdraw).
 */
import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js'
import { opportunityDetail, withdrawInterest, type OpportunityDetail } from '../../data/projects.ts'
import type { Category } from '../../data/types.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { errorText } from './errors.ts'
import { InterestForm } from './InterestForm.tsx'

export function OpportunityPage(props: {
  id: string
  categories: Category[]
  /** Who is signed in (refetches so "my interest" is theirs). */
  userId: string | null
  onBack(): void
  onShowOnMap(o: OpportunityDetail): void
}) {
  const [attempt, setAttempt] = createSignal(0)
  const [detail] = createResource(() => ({ id: props.id, user: props.userId, attempt: attempt() }), (k) => opportunityDetail(k.id))
  const [form, setForm] = createSignal(false)
  const [status, setStatus] = createSignal<string | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  let heading!: HTMLHeadingElement
  // Focus the title when an opportunity arrives, so keyboard and screen reader users start there.
  createEffect(on(() => detail.latest?.opportunity_id, (id) => id && heading?.focus({ preventScroll: true })))
  const cat = (slug: string) => props.categories.find((c) => c.slug === slug)

  const withdraw = async (interestId: string) => {
    setBusy(true)
    setError(null)
    try {
      await withdrawInterest(interestId)
      setStatus(t.detail.withdrawn)
      setAttempt((n) => n + 1)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <article class="pj-page" aria-labelledby="pj-page-title">
      <button type="button" class="link-button pj-back" onClick={() => props.onBack()}>
        <svg width="16" height="16" viewBox="0 0 20 20" aria-hidden="true"><path d="M12.5 4 6.5 10l6 6" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" /></svg>
        {t.detail.back}
      </button>
      <Show when={detail.state === 'errored'}>
        <p class="pj-error" role="alert">{errorText(detail.error)}</p>
      </Show>
      <Show when={detail.state === 'ready' && detail() === null}>
        <p class="pj-empty" role="status">{t.detail.notFound}</p>
      </Show>
      <Show when={detail.loading && !detail.latest}>
        <p class="pj-hint" role="status">{t.find.loading}</p>
      </Show>
      <Show when={detail.latest}>
        {(o) => (
          <>
            <p class="kicker">{t.detail.kicker}</p>
            <h2 id="pj-page-title" ref={heading} tabindex="-1" class="pj-title pj-page-title">{o().title}</h2>
            <div class="pj-card-tags">
              <span class="pj-tag" classList={{ paid: o().paid }}>{o().paid ? t.card.paid : t.card.volunteer}</span>
              <span class="pj-tag">{t.commitment[o().commitment] ?? o().commitment}</span>
              <span class="pj-tag">{t.card.ages(o().min_age, o().max_age)}</span>
            </div>

            <Show when={o().enterprise_status === 'starting'}>
              <p class="pj-notice pj-starting" data-starting="true">{t.detail.starting}</p>
            </Show>
            <dl class="pj-facts">
              <div class="pj-fact">
                <dt>{t.detail.what}</dt>
                <dd class="pj-prose">{o().description}</dd>
              </div>
              <Show when={o().skills.length > 0}>
                <div class="pj-fact">
                  <dt>{t.detail.skills}</dt>
                  <dd><ul class="tags"><For each={o().skills}>{(s) => <li class="tag">{s}</li>}</For></ul></dd>
                </div>
              </Show>
              <div class="pj-fact">
                <dt>{t.detail.who}</dt>
                <dd>
                  <strong>{o().enterprise_name}</strong>
                  <ul class="tags pj-cats">
                    <For each={o().categories}>
                      {(slug) => <li class="tag"><span class="pj-dot" style={{ background: cat(slug)?.colour ?? '#6f6f6f' }} />{cat(slug)?.label ?? slug}</li>}
                    </For>
                  </ul>
                </dd>
              </div>
              <div class="pj-fact">
                <dt>{t.detail.goal}</dt>
                <dd class="pj-prose">{o().social_goal}</dd>
              </div>
              <div class="pj-fact">
                <dt>{t.detail.where}</dt>
                <dd>
                  {t.detail.whereText(o().street_name, o().neighbourhood_name)}{' '}
                  <button type="button" class="link-button" onClick={() => props.onShowOnMap(o())}>{t.detail.showOnMap}</button>
                </dd>
              </div>
              <div class="pj-fact">
                <dt>{t.detail.when}</dt>
                <dd>{o().schedule ?? t.detail.whenUnknown}</dd>
              </div>
              <div class="pj-fact">
                <dt>{t.detail.suits}</dt>
                <dd>{t.card.ages(o().min_age, o().max_age)}</dd>
              </div>
              <div class="pj-fact">
                <dt>{t.detail.how}</dt>
                <dd>
                  <span class="pj-prose">{o().contact ?? ''}</span>
                  <Show when={o().website}>
                    {(url) => <><br /><a href={url()} target="_blank" rel="noopener noreferrer nofollow">{t.detail.website}</a></>}
                  </Show>
                </dd>
              </div>
            </dl>

            <Show when={status()}><p class="pj-success" role="status">{status()}</p></Show>
            <Show when={error()}><p class="pj-error" role="alert">{error()}</p></Show>
            <Show
              when={o().open}
              fallback={<p class="pj-notice">{t.detail.closed}</p>}
            >
              <Show
                when={o().my_interest}
                fallback={
                  <Show
                    when={form()}
                    fallback={
                      <button type="button" class="pj-button pj-cta" onClick={() => { setStatus(null); setForm(true) }}>
                        {t.detail.interested}
                      </button>
                    }
                  >
                    <InterestForm
                      opportunityId={o().opportunity_id}
                      title={o().title}
                      minAge={o().min_age}
                      maxAge={o().max_age}
                      onCancel={() => setForm(false)}
                      onSent={() => {
                        setForm(false)
                        setStatus(t.interest.sent)
                        setAttempt((n) => n + 1)
                      }}
                    />
                  </Show>
                }
              >
                {(mine) => (
                  <div class="pj-mine-box">
                    <p>{t.detail.alreadyInterested}</p>
                    <button type="button" class="pj-button secondary" disabled={busy()} onClick={() => withdraw(mine().id)}>
                      {t.detail.withdraw}
                    </button>
                  </div>
                )}
              </Show>
            </Show>
          </>
        )}
      </Show>
    </article>
  )
}
