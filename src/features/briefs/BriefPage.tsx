/**
 * One brief: what people asked for (public texts), its streets, how long unmet and the
 * trend, places that could host it, models elsewhere, young people's interest (a count,
 * withheld below 5), the projects started from it and whether they worked; "Start this".
 * Printable for a community meeting (briefs.css has the print stylesheet).
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import { briefDetail, type BriefDetail } from '../../data/briefs.ts'
import { briefsText as b } from '../../i18n/briefs.ts'
import { formatDate, formatMonth } from '../../i18n/format.ts'
import { briefTitle } from './BriefList.tsx'
import { Outcomes } from './Outcomes.tsx'
import { latestOf } from './resource.ts'
import { briefsHref } from './route.ts'
import { StartProjectForm } from './StartProjectForm.tsx'

const month = (ym: string | undefined) => (ym ? formatMonth(ym) : '')

export function BriefPage(props: { id: string }) {
  const [brief, { refetch }] = createResource(() => props.id, (id) => briefDetail(id))
  return (
    <article class="brief-page" data-brief-page={props.id}>
      <p class="no-print"><a href="#/briefs">{b.allBriefs}</a> · <button type="button" class="link-button" onClick={() => window.print()}>{b.print}</button></p>
      <Show when={brief.state === 'errored'}>
        <p class="form-error" role="alert">{b.failed} <button type="button" class="link-button" onClick={() => void refetch()}>{b.retry}</button></p>
      </Show>
      <Show when={brief.state === 'ready' && brief() === null}><p class="note">{b.brief.closed}</p></Show>
      <Show when={latestOf(brief)} fallback={<Show when={brief.loading}><p role="status">{b.loading}</p></Show>}>
        {(d) => <BriefBody brief={d()} />}
      </Show>
    </article>
  )
}

/** On screen the first few needs, then "show all"; on paper every one (print.css shows them). */
const FIRST_NEEDS = 8

function BriefBody(props: { brief: BriefDetail }) {
  const d = () => props.brief
  const [all, setAll] = createSignal(false)
  const peak = () => Math.max(1, ...d().by_month.map((m) => m.raised))
  return (
    <>
      <h1>{briefTitle(d())}</h1>
      <p class="lead" data-brief-demand={d().demand}>
        <strong>{b.brief.demand(d().demand)}</strong> · {b.brief.needs(d().needs)} · {b.brief.supporters(d().supporters)} · {b.brief.unmetFor(d().days_unmet)}
      </p>
      <p class="muted">{d().neighbourhoods.map((n) => n.name).join(', ')} · {b.brief.trend(d().raised_last_30_days, d().raised_previous_30_days)}</p>
      <Show when={!d().open}><p class="note warn">{b.brief.closed}</p></Show>
      <Show when={d().open && d().current_brief_id && d().current_brief_id !== d().brief_id}><p class="note">{b.brief.movedTo}</p></Show>

      <div class="brief-grid">
        <section aria-labelledby="asked">
          <h2 id="asked">{b.brief.asked}</h2>
          <ul class="brief-asked" classList={{ collapsed: !all() }}>
            <For each={d().asked}>
              {(n, i) => (
                <li data-need={n.id} classList={{ later: i() >= FIRST_NEEDS }}>
                  <blockquote>{n.body}</blockquote>
                  <span class="muted">{n.street_name ?? ''} · {formatDate(n.created_at)}{n.supporters > 0 ? ` · ${b.brief.supporters(n.supporters)}` : ''}</span>
                </li>
              )}
            </For>
          </ul>
          <Show when={!all() && d().asked.length > FIRST_NEEDS}>
            <button type="button" class="button small secondary no-print" onClick={() => setAll(true)}>{b.brief.showAll(d().asked.length)}</button>
          </Show>
        </section>
        <div>
          <section aria-labelledby="streets">
            <h2 id="streets">{b.brief.streets}</h2>
            <ul class="plain"><For each={d().by_street}>{(s) => <li>{s.street_name}: {b.brief.needs(s.needs)}, {b.brief.demand(s.demand)}</li>}</For></ul>
          </section>
          <section aria-labelledby="by-month">
            <h2 id="by-month">{b.brief.byMonth}</h2>
            <ol class="brief-months" aria-label={b.brief.byMonth}>
              <For each={d().by_month}>
                {(m) => <li title={`${m.month}: ${m.raised}`}><span class="bar" style={{ height: `${(m.raised / peak()) * 100}%` }} /><span class="visually-hidden">{m.month}: {m.raised}</span></li>}
              </For>
            </ol>
            <p class="brief-months-range" aria-hidden="true"><span>{month(d().by_month[0]?.month)}</span><span>{month(d().by_month.at(-1)?.month)}</span></p>
          </section>
          <section aria-labelledby="young">
            <h2 id="young">{b.brief.youngPeople}</h2>
            <p data-young-people={d().young_people_interested ?? 'withheld'}>
              {d().young_people_interested !== null ? b.brief.youngCount(d().young_people_interested!) : b.brief.youngFew(d().young_people_threshold)}
            </p>
          </section>
        </div>
        <section aria-labelledby="hosts">
          <h2 id="hosts">{b.brief.hosts}</h2>
          <Show when={d().hosts.length > 0} fallback={<p class="muted">{b.brief.noHosts}</p>}>
            <ul class="plain"><For each={d().hosts}>{(h) => <li><strong>{h.name}</strong> · {b.brief.metres(h.distance_m)}<Show when={h.address}>{(a) => <span class="muted block">{a()}</span>}</Show></li>}</For></ul>
          </Show>
        </section>
        <section aria-labelledby="models">
          <h2 id="models">{b.brief.models}</h2>
          <Show when={d().models.length > 0} fallback={<p class="muted">{b.brief.noModels}</p>}>
            <ul class="plain"><For each={d().models}>{(m) => <li><strong>{m.name}</strong> · {b.brief.metres(m.distance_m)}<span class="muted block">{m.social_goal}</span></li>}</For></ul>
          </Show>
        </section>
      </div>

      <section aria-labelledby="projects">
        <h2 id="projects">{b.brief.projects}</h2>
        <Show when={d().projects.length > 0} fallback={<p class="muted">{b.brief.noProjects}</p>}>
          <ul class="plain">
            <For each={d().projects}>
              {(p) => <li data-project={p.project_id}><a href={briefsHref({ page: 'project', id: p.project_id })}>{p.name}</a> · {b.brief.stage[p.stage]} · {formatDate(p.started_at)}</li>}
            </For>
          </ul>
        </Show>
        <Show when={d().outcomes}>
          {(o) => (<><h3>{b.brief.outcomes}</h3><Outcomes outcomes={o()} /></>)}
        </Show>
      </section>
      <Show when={d().open}><StartProjectForm briefId={d().current_brief_id ?? d().brief_id} /></Show>
    </>
  )
}
