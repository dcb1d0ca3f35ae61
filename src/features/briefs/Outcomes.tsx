/** Outcome figures of projects started from briefs: confirmed results only, never activity. */
import { Show } from 'solid-js'
import type { ProjectOutcomes } from '../../data/briefs.ts'
import { briefsText as b } from '../../i18n/briefs.ts'

export function Outcomes(props: { outcomes: ProjectOutcomes }) {
  const o = () => props.outcomes
  return (
    <dl class="brief-outcomes" data-outcomes>
      <div><dt>{b.outcomes.met}</dt><dd data-outcome="needs_met">{o().needs_met} <Show when={o().needs_met > 0}><small>({o().needs_met_by_projects} {b.outcomes.metByProjects})</small></Show></dd></div>
      <div><dt>{b.outcomes.stillMet}</dt><dd data-outcome="still_met">{o().needs_still_met}</dd></div>
      <div><dt>{b.outcomes.median}</dt><dd data-outcome="median_days">{o().median_days_to_first_met ?? b.outcomes.none}</dd></div>
      <div><dt>{b.outcomes.demand}</dt><dd data-outcome="demand">{b.outcomes.demandThenNow(o().demand_at_start, o().demand_now)}</dd></div>
      <div class="muted"><dt>{b.outcomes.awaiting}</dt><dd data-outcome="awaiting">{o().needs_awaiting_confirmation}</dd></div>
    </dl>
  )
}
