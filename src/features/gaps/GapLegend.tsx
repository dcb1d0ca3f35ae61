/** The planner's legend, over the map: the street gap classes, the choropleth's scale, and the what-if marks. */
import { For, Show } from 'solid-js'
import { gapsText as g } from '../../i18n/gaps.ts'
import { CHOROPLETH_STOPS } from '../../map/layers/neighbourhoodChoropleth.ts'
import { GAP_BREAKS, GAP_COLOURS } from '../../map/layers/streetGaps.ts'
import { HYPOTHETICAL_COLOUR } from '../../map/layers/hypothetical.ts'
import type { Shade } from './planner.ts'

export function GapLegend(props: { shade: Shade; maxDemand: number; hypothetical: boolean }) {
  const classes = () => GAP_COLOURS.map((colour, i) => ({
    colour,
    label: g.legend.classes(i === 0 ? 0 : GAP_BREAKS[i - 1], i < GAP_BREAKS.length ? GAP_BREAKS[i] : null),
  }))
  const gradient = () => `linear-gradient(to right, ${CHOROPLETH_STOPS.map(([v, c]) => `${c} ${v * 100}%`).join(', ')})`
  return (
    <section class="gap-legend" aria-labelledby="gap-legend-title">
      <h3 id="gap-legend-title" class="legend-title">{g.legend.heading}</h3>
      <ul class="gap-classes" role="list">
        <For each={classes()}>
          {(c) => (
            <li><span class="gap-ramp" style={{ 'background-color': c.colour }} aria-hidden="true" />{c.label}</li>
          )}
        </For>
      </ul>
      <p class="legend-note">{g.legend.explain}</p>
      <h3 class="legend-title">{props.shade === 'coverage' ? g.legend.coverage : g.legend.demand}</h3>
      <div class="choropleth-ramp" style={{ background: gradient() }} aria-hidden="true" />
      <div class="ramp-labels">
        <span>{props.shade === 'coverage' ? '0%' : '0'}</span>
        <span>{props.shade === 'coverage' ? '100%' : g.count(props.maxDemand)}</span>
      </div>
      <p class="legend-note">{props.shade === 'coverage' ? g.legend.coverageNote : g.legend.demandNote}</p>
      <Show when={props.hypothetical}>
        <p class="legend-hypo">
          <span class="hypo-dot" style={{ 'border-color': HYPOTHETICAL_COLOUR }} aria-hidden="true" />
          {g.whatIf.label}
        </p>
        <p class="legend-hypo"><span class="dash" aria-hidden="true" />{g.legend.changed}</p>
      </Show>
    </section>
  )
}
