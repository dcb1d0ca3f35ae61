/** Outcomes of a neighbourhood, a street or the town: figures, median times, and by month. */
import { Show } from 'solid-js'
import type { Outcomes } from '../../data/gaps.ts'
import { gapsText as g } from '../../i18n/gaps.ts'
import { lifecycleText } from '../../i18n/lifecycle.ts'
import { MonthChart } from './MonthChart.tsx'
import './outcomes.css'

const c = lifecycleText.outcomes

/**
 * How each met was confirmed, with the share of each: a met confirmed by the person who
 * raised it is an outcome; one nobody objected to within 14 days is weaker evidence, and
 * planners should see how much of the figure rests on it. Claims still waiting and
 * claims disputed are shown beside it (they are not counted as met).
 */
function MetConfirmation(props: { outcomes: Outcomes }) {
  const o = () => props.outcomes
  const pct = (v: number | null) => `${Math.round((v ?? 0) * 100)}%`
  return (
    <section class="met-confirmation" aria-label={c.howConfirmed}>
      <h4 class="sub-title">{c.howConfirmed}</h4>
      <Show when={o().needs_met > 0} fallback={<p class="note">{c.noneMet}</p>}>
        <div class="met-bar" aria-hidden="true">
          <span class="met-bar-author" style={{ width: pct(o().share_met_confirmed_by_author) }} />
          <span class="met-bar-unchallenged" style={{ width: pct(o().share_met_unchallenged) }} />
        </div>
      </Show>
      <dl class="met-split">
        <div><dt><span class="met-key met-bar-author" aria-hidden="true" />{c.byAuthor}</dt>
          <dd data-outcome="met-by-author">{c.share(o().needs_met_confirmed_by_author, o().share_met_confirmed_by_author)}</dd></div>
        <div><dt><span class="met-key met-bar-unchallenged" aria-hidden="true" />{c.unchallenged}</dt>
          <dd data-outcome="met-unchallenged">{c.share(o().needs_met_unchallenged, o().share_met_unchallenged)}</dd></div>
        <div><dt>{c.awaiting}</dt><dd data-outcome="awaiting">{g.count(o().needs_awaiting_confirmation)}</dd></div>
        <div><dt>{c.disputed}</dt><dd data-outcome="disputed">{g.count(o().needs_disputed)}</dd></div>
      </dl>
    </section>
  )
}

export function OutcomesFigures(props: { outcomes: Outcomes }) {
  const o = () => props.outcomes
  return (
    <>
      <dl class="outcome-grid">
        <div><dt>{g.outcomes.raised}</dt><dd data-outcome="raised">{g.count(o().needs_raised)}</dd></div>
        <div><dt>{g.outcomes.adopted}</dt><dd data-outcome="adopted">{g.count(o().needs_adopted)}</dd></div>
        <div><dt>{g.outcomes.met}</dt><dd data-outcome="met">{g.count(o().needs_met)}</dd></div>
        <div><dt>{g.outcomes.stillMet}</dt><dd data-outcome="still-met">{g.count(o().needs_still_met)}</dd></div>
      </dl>
      <MetConfirmation outcomes={o()} />
      <dl class="outcome-times">
        <div><dt>{g.outcomes.medianAdopt}</dt><dd>{g.outcomes.days(o().median_days_to_adoption)}</dd></div>
        <div><dt>{g.outcomes.medianMet}</dt><dd>{g.outcomes.days(o().median_days_to_met)}</dd></div>
      </dl>
      <Show when={o().by_month?.length}>
        <MonthChart months={o().by_month} />
      </Show>
    </>
  )
}

export function OutcomesSection(props: { heading: string; outcomes: Outcomes | undefined; state: string }) {
  return (
    <section class="outcomes" aria-label={props.heading}>
      <h3 class="section-title">{props.heading}</h3>
      <Show when={props.state === 'errored'}><p class="note warn">{g.outcomes.failed}</p></Show>
      <Show when={props.outcomes} fallback={<Show when={props.state !== 'errored'}><p class="note">{g.outcomes.loading}</p></Show>}>
        {(o) => <OutcomesFigures outcomes={o()} />}
      </Show>
    </section>
  )
}
