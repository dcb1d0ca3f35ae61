/** Outcomes of a neighbourhood, a street or the town: figures, median times, and by month. */
import { Show } from 'solid-js'
import type { Outcomes } from '../../data/gaps.ts'
import { gapsText as g } from '../../i18n/gaps.ts'
import { MonthChart } from './MonthChart.tsx'

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
