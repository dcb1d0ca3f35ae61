// @vitest-environment jsdom
/**
 * The map key and the list, rendered in a DOM: toggles call back, counts show, user
 * text stays text, and the list offers the same items the map shows.
 */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { countInView } from '../../src/features/map/countInView.ts'
import { pointsInView } from '../../src/state/filter.ts'
import { KeyPanel } from '../../src/features/map/KeyPanel.tsx'
import { ListView } from '../../src/features/map/ListView.tsx'
import { categoriesFromMigration, fixtureData, fixtureView } from '../helpers/map-fixtures.ts'

const categories = categoriesFromMigration()
const inView = pointsInView(fixtureData(), fixtureView, ['assets', 'enterprises', 'needs'])

afterEach(cleanup)

describe('KeyPanel', () => {
  it('shows each layer with its count in view, and toggles it', () => {
    const onToggleLayer = vi.fn()
    render(() => (
      <KeyPanel categories={categories} layers={['assets', 'enterprises', 'needs', 'streets', 'neighbourhoods']} topics={null}
        counts={countInView(inView)} truncated={false} onToggleLayer={onToggleLayer} onTopics={() => {}} />
    ))
    const needs = screen.getByRole('checkbox', { name: /Needs raised by residents/ })
    expect((needs as HTMLInputElement).checked).toBe(true)
    expect(document.querySelector('[data-count-layer="assets"]')?.textContent).toMatch(/^2/)
    fireEvent.click(needs)
    expect(onToggleLayer).toHaveBeenCalledWith('needs', false)
  })

  it('narrows topics from "all" to all-but-one, and back to null when all are chosen', () => {
    const onTopics = vi.fn()
    render(() => (
      <KeyPanel categories={categories} layers={['assets']} topics={null} counts={countInView(inView)} truncated={false}
        onToggleLayer={() => {}} onTopics={onTopics} />
    ))
    fireEvent.click(screen.getByRole('checkbox', { name: /^Food/ }))
    expect(onTopics).toHaveBeenLastCalledWith(categories.map((c) => c.slug).filter((s) => s !== 'food'))
    expect(document.querySelector('[data-count-topic="food"]')?.textContent).toMatch(/^3/)
  })

  it('warns when the server cut the answer short', () => {
    render(() => (
      <KeyPanel categories={categories} layers={['assets']} topics={[]} counts={countInView(inView)} truncated
        onToggleLayer={() => {}} onTopics={() => {}} />
    ))
    expect(screen.getByText(/zoom in to see it all/)).toBeTruthy()
    expect(screen.getByText('Showing 0 of 17 topics')).toBeTruthy()
  })
})

describe('ListView', () => {
  it('lists what is in view, needs first by support, and selects on click', () => {
    const onSelect = vi.fn()
    render(() => <ListView inView={inView} categories={categories} selected={null} hiddenLayers={false} onSelect={onSelect} />)
    const buttons = screen.getAllByRole('button')
    expect(buttons.map((b) => b.getAttribute('data-item'))).toEqual(['needs/d1', 'needs/d2', 'assets/a2', 'assets/a1', 'enterprises/e1'])
    fireEvent.click(buttons[2])
    expect(onSelect).toHaveBeenCalledWith({ layer: 'assets', id: 'a2' })
    expect(screen.getByText('2 places, 1 enterprise, 2 needs in view')).toBeTruthy()
  })

  it('renders user text as text, never as markup', () => {
    render(() => <ListView inView={inView} categories={categories} selected={null} hiddenLayers={false} onSelect={() => {}} />)
    expect(screen.getByText('<b>Fresh veg</b> nearby')).toBeTruthy()
    expect(document.querySelector('.list-view b')).toBeNull()
  })

  it('says what to do when nothing is in view', () => {
    const empty = { assets: [], enterprises: [], needs: [], truncated: false }
    render(() => <ListView inView={empty} categories={categories} selected={null} hiddenLayers onSelect={() => {}} />)
    expect(screen.getByText(/Nothing here matches your choices/)).toBeTruthy()
    expect(screen.getByText(/Some layers are turned off/)).toBeTruthy()
  })
})
