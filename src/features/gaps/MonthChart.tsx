/**
 * Needs raised, adopted and met by month: grouped bars in inline SVG (no chart library).
 * The picture is described in words, and the same figures are a table under it.
 */
import { createUniqueId, For } from 'solid-js'
import type { OutcomeMonth } from '../../data/gaps.ts'
import { gapsText as g } from '../../i18n/gaps.ts'
import { monthBars, SERIES } from './chart.ts'

export const SERIES_COLOURS: Record<string, string> = { raised: '#9c8c74', adopted: '#e69f00', met: '#0072b2' }
const W = 300
const H = 96
const PAD = { left: 26, bottom: 16, top: 6 }

export function MonthChart(props: { months: OutcomeMonth[] }) {
  const id = createUniqueId()
  const chart = () => monthBars(props.months, { width: W - PAD.left, height: H - PAD.bottom - PAD.top })
  const sum = (k: 'raised' | 'adopted' | 'met') => props.months.reduce((s, m) => s + m[k], 0)
  return (
    <figure class="month-chart">
      <figcaption id={`${id}-title`} class="chart-title">{g.outcomes.chartTitle}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} class="chart-svg">
        <desc id={`${id}-desc`}>{g.outcomes.chartSummary(sum('raised'), sum('adopted'), sum('met'))}</desc>
        <g transform={`translate(${PAD.left},${PAD.top})`}>
          <line x1="0" x2={W - PAD.left} y1={H - PAD.bottom - PAD.top} y2={H - PAD.bottom - PAD.top} class="axis" />
          <line x1="0" x2={W - PAD.left} y1="0" y2="0" class="grid" />
          <text x="-4" y="4" class="tick" text-anchor="end">{chart().top}</text>
          <text x="-4" y={H - PAD.bottom - PAD.top} class="tick" text-anchor="end">0</text>
          <For each={chart().bars}>
            {(b) => <rect x={b.x} y={b.y} width={b.width} height={Math.max(0, b.height)} fill={SERIES_COLOURS[b.series]} rx="1" />}
          </For>
          <For each={props.months}>
            {(m, i) => (
              <text x={(i() + 0.5) * chart().group} y={H - PAD.top - 3} class="tick" text-anchor="middle">
                {i() % 3 === 0 ? g.outcomes.monthCell(m.month).split(' ')[0] : ''}
              </text>
            )}
          </For>
        </g>
      </svg>
      <ul class="chart-key" role="list">
        <For each={SERIES}>
          {(s) => (
            <li><span class="swatch" style={{ 'background-color': SERIES_COLOURS[s] }} aria-hidden="true" />{g.outcomes.series[s]}</li>
          )}
        </For>
      </ul>
      <details class="chart-table">
        <summary>{g.outcomes.tableToggle}</summary>
        <table>
          <thead>
            <tr><th scope="col">Month</th><For each={SERIES}>{(s) => <th scope="col" class="num">{g.outcomes.series[s]}</th>}</For></tr>
          </thead>
          <tbody>
            <For each={props.months}>
              {(m) => (
                <tr><th scope="row">{g.outcomes.monthCell(m.month)}</th><td class="num">{m.raised}</td><td class="num">{m.adopted}</td><td class="num">{m.met}</td></tr>
              )}
            </For>
          </tbody>
        </table>
      </details>
    </figure>
  )
}
