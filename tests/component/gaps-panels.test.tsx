// @vitest-environment jsdom
/**
 * The planner view's table and chart in a DOM: the table is a real table whose street
 * buttons choose and whose rows highlight; the chart is an image with a text alternative
 * and the same figures as a table.
 */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RankedStreetRow } from '../../src/data/gaps.ts'
import { GapTable } from '../../src/features/gaps/GapTable.tsx'
import { MonthChart } from '../../src/features/gaps/MonthChart.tsx'
import { applyWhatIf } from '../../src/features/gaps/planner.ts'
import { categoriesFromMigration } from '../helpers/map-fixtures.ts'

const categories = categoriesFromMigration()
const row = (id: string, name: string, demand: number): RankedStreetRow => ({
  street_id: id, street_name: name, label: name, settlement: 'Wenlow', segments: 1, segment_ids: [`${id}-1`],
  bbox: [0, 0, 1, 1], geometry: null, total_count: 2,
  highway: 'residential', neighbourhood_id: 'n', neighbourhood_name: 'Grange Estate',
  demand, supply: 0, gap: demand, by_category: [{ category: 'food', demand, supply: 0, gap: demand }],
})

afterEach(cleanup)
// jsdom has no layout; the table scrolls the selected row into view.
Element.prototype.scrollIntoView = () => {}

describe('GapTable', () => {
  it('ranks the rows, chooses a street by its button, and highlights on hover and focus', () => {
    const onChoose = vi.fn()
    const onHover = vi.fn()
    const rows = applyWhatIf([row('a', 'Heron Close', 12), row('b', '<b>Mill</b> Lane', 3)], null, [])
    render(() => <GapTable rows={rows} offset={10} categories={categories} selectedId="b-1" onChoose={onChoose} onHover={onHover} />)
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(
      ['#Rank', 'Street', 'Neighbourhood', 'Demand', 'Supply', 'Gap', 'Top unmet'],
    )
    const buttons = screen.getAllByRole('button')
    expect(buttons.map((b) => b.textContent)).toEqual(['Heron Close', '<b>Mill</b> Lane'])
    // Ranks continue from the page's offset; the settlement is said under the name.
    expect(screen.getAllByRole('row')[1].querySelector('.rank')?.textContent).toBe('11')
    expect(screen.getAllByRole('row')[1].querySelector('.row-context')?.textContent).toBe('Wenlow')
    fireEvent.click(buttons[0])
    expect(onChoose).toHaveBeenCalledWith('a')
    fireEvent.focusIn(buttons[0])
    expect(onHover).toHaveBeenLastCalledWith('a')
    expect(screen.getAllByRole('row')[2].getAttribute('aria-selected')).toBe('true')
    expect(buttons[1].getAttribute('aria-pressed')).toBe('true')
  })

  it('shows the gap before a what-if beside the new one', () => {
    const rows = applyWhatIf([row('a', 'Heron Close', 12)], new Set(['a-1']), ['food'])
    render(() => <GapTable rows={rows} offset={0} categories={categories} selectedId={null} onChoose={() => {}} onHover={() => {}} />)
    expect(screen.getByText('was 12')).toBeTruthy()
    expect(screen.getByText('6')).toBeTruthy()
  })
})

describe('MonthChart', () => {
  it('is an image named by its title and a summary, with the figures as a table', () => {
    const months = [
      { month: '2026-10', raised: 8, adopted: 2, met: 1 },
      { month: '2026-11', raised: 4, adopted: 0, met: 3 },
    ]
    render(() => <MonthChart months={months} />)
    const img = screen.getByRole('img')
    const ids = (img.getAttribute('aria-labelledby') ?? '').split(' ')
    const name = ids.map((id) => document.getElementById(id)?.textContent).join(' ')
    expect(name).toContain('Needs by month')
    expect(name).toContain('12 needs raised, 2 adopted, 4 met')
    expect(img.querySelectorAll('rect')).toHaveLength(6)
    const cells = screen.getAllByRole('row').map((r) => r.textContent)
    expect(cells).toContain('Oct 2026821')
  })
})
