// @vitest-environment jsdom
/**
 * The projects screens' parts, rendered in a DOM: a card says how far and how long a
 * walk, user text stays text, the filters call back and fold away, and the interest form
 * refuses an age outside the range before anything is sent.
 */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { NearbyOpportunity } from '../../src/data/projects.ts'
import { InterestForm } from '../../src/features/projects/InterestForm.tsx'
import { OpportunityCard } from '../../src/features/projects/OpportunityCard.tsx'
import { ProjectFiltersForm } from '../../src/features/projects/ProjectFiltersForm.tsx'
import { noFilters } from '../../src/features/projects/state.ts'
import { projectsText } from '../../src/i18n/projects.ts'
import { categoriesFromMigration } from '../helpers/map-fixtures.ts'

const categories = categoriesFromMigration()

const item: NearbyOpportunity = {
  opportunity_id: 'o1', title: '<img src=x onerror=alert(1)> Bike helper', description: 'Fix bikes', skills: [],
  min_age: 14, max_age: 18, commitment: 'weekly', paid: false, enterprise_id: 'e1', enterprise_name: 'Beta Bikes',
  social_goal: 'Bikes for all', categories: ['youth', 'transport'], contact: 'hi@example.test', website: null,
  lon: -3.4, lat: 54.1, distance_m: 1234.5, straight_m: 1001, route: 'streets', walking_minutes: 16,
}

afterEach(cleanup)

describe('projectsText.card', () => {
  it('rounds distances to 10 m below a kilometre, and to 0.1 km above', () => {
    expect(projectsText.card.away(98.5)).toBe('100 m')
    expect(projectsText.card.away(454)).toBe('450 m')
    expect(projectsText.card.away(1234.5)).toBe('1.2 km')
  })
  it('writes an open-ended age range as "and over"', () => {
    expect(projectsText.card.ages(16, 99)).toBe('Ages 16+')
    expect(projectsText.card.ages(14, 18)).toBe('Ages 14–18')
  })
})

describe('OpportunityCard', () => {
  it('shows the distance, the walking time and who it suits, with user text as text', () => {
    const onOpen = vi.fn()
    render(() => <OpportunityCard item={item} categories={categories} selected={false} onOpen={onOpen} />)
    const card = screen.getByRole('button')
    expect(card.textContent).toContain('1.2 km')
    expect(card.textContent).toContain('16 min walk')
    expect(card.textContent).toContain('Ages 14–18')
    expect(card.textContent).toContain('Volunteer')
    expect(card.textContent).toContain('<img src=x onerror=alert(1)> Bike helper')
    expect(card.querySelector('img')).toBeNull()
    fireEvent.click(card)
    expect(onOpen).toHaveBeenCalledOnce()
  })
  it('says "as the crow flies" where no route along the streets was found', () => {
    render(() => <OpportunityCard item={{ ...item, route: 'crow', distance_m: 1001 }} categories={categories} selected={false} onOpen={() => {}} />)
    const card = screen.getByRole('button')
    expect(card.textContent).toContain(projectsText.card.crow)
    expect(card.textContent).not.toContain('min walk')
  })
  it('marks the card of the enterprise selected on the map', () => {
    render(() => <OpportunityCard item={item} categories={categories} selected onOpen={() => {}} />)
    expect(screen.getByRole('button').getAttribute('aria-current')).toBe('true')
  })
})

describe('ProjectFiltersForm', () => {
  it('folds the filters away until asked, and reports each change', () => {
    const onChange = vi.fn()
    render(() => <ProjectFiltersForm categories={categories} filters={noFilters} onChange={onChange} />)
    const toggle = screen.getByRole('button', { name: 'Filters' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    fireEvent.change(screen.getByLabelText('Paid or volunteer'), { target: { value: 'volunteer' } })
    expect(onChange).toHaveBeenLastCalledWith({ ...noFilters, paid: false })
    fireEvent.change(screen.getByLabelText('Your age'), { target: { value: '15' } })
    expect(onChange).toHaveBeenLastCalledWith({ ...noFilters, age: 15 })
  })
  it('counts the active filters and clears them', () => {
    const onChange = vi.fn()
    render(() => <ProjectFiltersForm categories={categories} filters={{ ...noFilters, category: 'youth', commitment: 'weekly' }} onChange={onChange} />)
    expect(screen.getByRole('button', { name: 'Filters (2)' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(onChange).toHaveBeenLastCalledWith(noFilters)
  })
})

describe('InterestForm', () => {
  it('refuses an age outside the range with a clear message, before sending anything', () => {
    const onSent = vi.fn()
    render(() => <InterestForm opportunityId="o1" title="Bike helper" minAge={14} maxAge={18} onSent={onSent} onCancel={() => {}} />)
    fireEvent.input(screen.getByLabelText(/^First name or nickname/), { target: { value: 'Sam' } })
    fireEvent.input(screen.getByLabelText(/^Your age/), { target: { value: '21' } })
    fireEvent.submit(screen.getByRole('button', { name: 'Send' }).closest('form')!)
    expect(screen.getByRole('alert').textContent).toBe('This opportunity is for ages 14 to 18.')
    expect(onSent).not.toHaveBeenCalled()
  })
  it('asks for an address only when the young person chose to be replied to by email or phone', () => {
    render(() => <InterestForm opportunityId="o1" title="Bike helper" minAge={14} maxAge={18} onSent={() => {}} onCancel={() => {}} />)
    expect(screen.getByLabelText('Your email address')).toBeTruthy()
    fireEvent.click(screen.getByLabelText('By phone or text'))
    expect(screen.getByLabelText('Your phone number')).toBeTruthy()
    fireEvent.click(screen.getByLabelText("I'll drop in or call them myself"))
    expect(screen.queryByLabelText('Your phone number')).toBeNull()
  })
})
