/**
 * The ranked table: the non-map path to the gaps. Each street's name is a button
 * (keyboard: Tab, Enter) that selects it and brings it into view; pointing at or focusing
 * a row highlights its street on the map; a street picked on the map marks its row.
 */
import { createEffect, For, Show } from 'solid-js'
import type { Category } from '../../data/types.ts'
import { gapsText as g } from '../../i18n/gaps.ts'
import { GAP_COLOURS, gapClass } from '../../map/layers/streetGaps.ts'
import type { TableRow } from './planner.ts'

export interface GapTableProps {
  /** The rows of the page shown. */
  rows: TableRow[]
  /** The rank of the first row, less one (the page's offset). */
  offset: number
  categories: Category[]
  selectedId: string | null
  onChoose(id: string): void
  onHover(id: string | null): void
}

export function GapTable(props: GapTableProps) {
  const rowEls = new Map<string, HTMLTableRowElement>()
  const cat = (slug: string) => props.categories.find((c) => c.slug === slug)
  // The selection may be a segment of a street (picked on the map) or the street itself.
  const isSelected = (r: TableRow) => props.selectedId !== null && (r.street_id === props.selectedId || r.segment_ids.includes(props.selectedId))
  createEffect(() => {
    const row = props.rows.find(isSelected)
    if (row) rowEls.get(row.street_id)?.scrollIntoView({ block: 'nearest' })
  })
  return (
    <div class="gap-table-wrap">
      <table class="gap-table">
        <caption class="visually-hidden">{g.table.caption(props.rows.length)}</caption>
        <colgroup>
          <col class="c-rank" /><col class="c-street" /><col class="c-nb" /><col class="c-num" /><col class="c-num" /><col class="c-gap" /><col class="c-top" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" class="num"><span aria-hidden="true">#</span><span class="visually-hidden">{g.table.rank}</span></th>
            <th scope="col">{g.table.street}</th>
            <th scope="col" class="c-nb-cell">{g.table.neighbourhood}</th>
            <th scope="col" class="num">{g.table.demand}</th>
            <th scope="col" class="num">{g.table.supply}</th>
            <th scope="col" class="num">{g.table.gap}</th>
            <th scope="col" class="c-top-cell">{g.table.top}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r, i) => (
              <tr
                ref={(el) => rowEls.set(r.street_id, el)}
                data-street={r.street_id}
                aria-selected={isSelected(r)}
                classList={{ changed: r.gap_before !== null }}
                onMouseEnter={() => props.onHover(r.street_id)}
                onMouseLeave={() => props.onHover(null)}
                onFocusIn={() => props.onHover(r.street_id)}
                onFocusOut={() => props.onHover(null)}
              >
                <td class="num rank">{props.offset + i() + 1}</td>
                <th scope="row">
                  <button type="button" class="row-button" onClick={() => props.onChoose(r.street_id)} aria-pressed={isSelected(r)}>
                    {r.label}
                  </button>
                  <Show when={r.settlement}>{(s) => <span class="row-context">{s()}</span>}</Show>
                </th>
                <td class="muted c-nb-cell">{r.neighbourhood_name ?? '–'}</td>
                <td class="num">{g.count(r.demand)}</td>
                <td class="num">{g.count(r.supply)}</td>
                <td class="num gap-cell" data-gap={r.gap}>
                  <span class="gap-swatch" style={{ 'background-color': GAP_COLOURS[gapClass(r.gap)] }} aria-hidden="true" />
                  <span class="gap-value">{g.gap(r.gap)}</span>
                  <Show when={r.gap_before !== null}>
                    <span class="gap-before">{g.table.was(g.gap(r.gap_before as number))}</span>
                  </Show>
                </td>
                <td class="c-top-cell">
                  <ul class="mini-tags" role="list">
                    <For each={r.by_category.filter((c) => c.gap > 0).slice(0, 3)}>
                      {(c) => (
                        <li>
                          <span class="swatch" style={{ 'background-color': cat(c.category)?.colour ?? '#6f6f6f' }} aria-hidden="true" />
                          {cat(c.category)?.label ?? c.category}
                        </li>
                      )}
                    </For>
                  </ul>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}
