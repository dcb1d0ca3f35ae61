// @vitest-environment jsdom
/**
 * The pin form in a DOM: its checks mirror the database's (category required, text
 * 3–500 characters once trimmed, no HTML tags, a place inside the served area), each
 * shown as a sentence next to its field; and the database's refusals read as sentences.
 */
import 'fake-indexeddb/auto'
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../src/data/rpc.ts'
import type { BBox } from '../../src/data/types.ts'
import { humanMessage, isRetryable } from '../../src/features/needs/errors.ts'
import { PinSheet } from '../../src/features/needs/PinSheet.tsx'
import { createResidents, ResidentsContext, type Residents } from '../../src/features/needs/residents.ts'
import { checkBody, inServedArea, validatePin } from '../../src/features/needs/validate.ts'
import { needsText } from '../../src/i18n/needs.ts'
import { categoriesFromMigration } from '../helpers/map-fixtures.ts'

const categories = categoriesFromMigration()
const town: BBox[] = [[-3.45, 54.07, -3.35, 54.13]]
const v = needsText.validation

afterEach(cleanup)

function renderForm(areas: BBox[] | null = town) {
  let residents!: Residents
  const onDone = vi.fn()
  render(() => {
    residents = createResidents({ onNeedsChanged: () => {} })
    return (
      <ResidentsContext.Provider value={residents}>
        <PinSheet categories={categories} areas={areas} streetName="Wasdale Road" onUseCentre={() => residents.setPoint(-3.4, 54.1)}
          onClose={() => {}} onDone={onDone} />
      </ResidentsContext.Provider>
    )
  })
  const submit = () => fireEvent.click(screen.getByRole('button', { name: needsText.pin.submit }))
  const type = (text: string) => fireEvent.input(screen.getByLabelText(/Describe the need/), { target: { value: text } })
  return { residents: () => residents, onDone, submit, type }
}

describe('PinSheet', () => {
  it('asks for a place, a category and a description before sending, each next to its field', async () => {
    const form = renderForm()
    form.submit()
    expect(await screen.findByText(v.place)).toBeTruthy()
    expect(screen.getByText(v.category)).toBeTruthy()
    expect(screen.getByText(v.tooShort(3))).toBeTruthy()
    expect(screen.getByLabelText(/Describe the need/).getAttribute('aria-invalid')).toBe('true')
    expect(form.onDone).not.toHaveBeenCalled()
  })

  it('takes the middle of the map from the keyboard, and a category by its word', async () => {
    const form = renderForm()
    fireEvent.click(screen.getByRole('button', { name: needsText.pin.useCentre }))
    expect(screen.getByText(/Near Wasdale Road/)).toBeTruthy()
    fireEvent.click(screen.getByRole('radio', { name: 'Food' }))
    expect(form.residents().draft()).toMatchObject({ point: { lon: -3.4, lat: 54.1 }, category: 'food' })
    form.submit()
    expect(screen.queryByText(v.place)).toBeNull()
    expect(screen.queryByText(v.category)).toBeNull()
  })

  it('refuses HTML tags and more than 500 characters, and counts what is typed (trimmed)', () => {
    const form = renderForm()
    form.type('  <b>free</b> food  ')
    form.submit()
    expect(screen.getByText(v.html)).toBeTruthy()
    form.type('x'.repeat(501))
    expect(screen.getByText(v.tooLong(500))).toBeTruthy()
    expect(screen.getByText('501 / 500')).toBeTruthy()
    form.type('   ab   ')
    expect(screen.getByText(v.tooShort(3))).toBeTruthy()
    expect(screen.getByText('2 / 500')).toBeTruthy()
  })

  it('refuses a place outside the served area', () => {
    const form = renderForm()
    form.residents().setPoint(-2.0, 53.0)
    form.submit()
    expect(screen.getByText(v.outside)).toBeTruthy()
  })

  it('renders what is typed as text, never as markup', () => {
    const form = renderForm()
    form.type('<img src=x onerror=alert(1)>')
    expect(document.querySelector('img')).toBeNull()
  })
})

describe('validatePin and checkBody', () => {
  it('mirror private.clean_text: trimmed length 3..500, no tags, no control characters', () => {
    expect(checkBody(' \n ok \t')).toBe(v.tooShort(3))
    expect(checkBody('abc')).toBeUndefined()
    expect(checkBody('a'.repeat(500))).toBeUndefined()
    expect(checkBody('a'.repeat(501))).toBe(v.tooLong(500))
    expect(checkBody('under 5s < 3 of them')).toBeUndefined()
    expect(checkBody('a < b')).toBe(v.html) // as the database: "<" then a letter reads as a tag
    expect(checkBody('see </ script>')).toBe(v.html)
    expect(checkBody('bell \u0007 here')).toBe(v.control)
    expect(validatePin({ point: { lon: -3.4, lat: 54.1 }, category: 'food', body: 'No food bank' }, town)).toEqual({})
  })

  it('counts the 200 m margin around the neighbourhoods as served, and unknown areas as the database\'s call', () => {
    expect(inServedArea({ lon: -3.351, lat: 54.13 + 0.0015 }, town)).toBe(true) // ~170 m north
    expect(inServedArea({ lon: -3.4, lat: 54.13 + 0.003 }, town)).toBe(false) // ~330 m north
    expect(inServedArea({ lon: -3.4, lat: 54.1 }, [])).toBe(false)
    expect(inServedArea({ lon: -3.4, lat: 54.1 }, null)).toBe(true)
    expect(inServedArea({ lon: Number.NaN, lat: 54.1 }, null)).toBe(false)
  })
})

describe('humanMessage and isRetryable', () => {
  const e = needsText.errors
  it.each([
    [new ApiError('You have pinned 10 needs in the last hour; please wait before pinning more.', { code: 'PT429', status: 429 }), e.rateLimited],
    // A first-time resident on shared wifi: the anonymous sign-in is limited, not their pins.
    [new ApiError('Request rate limit reached', { code: 'over_request_rate_limit', status: 429 }), e.signInBusy],
    [new ApiError('Too many changes from this address: try again in 30 s.', { code: 'PT429', status: 429 }), e.tooFast],
    [new ApiError('You have adopted 3 needs today; let go of one or wait until tomorrow.', { code: 'PT429', status: 429 }), 'You have adopted 3 needs today; let go of one or wait until tomorrow.'],
    [new ApiError('Confirm your e-mail address to adopt a need: open the link we mailed you.', { code: '42501', status: 403 }), e.confirmEmail],
    [new ApiError('That place is outside the area Street Level covers.', { code: '22023', status: 400 }), e.outside],
    [new ApiError('That place is more than 150 m from any street; pick a point on or near a street.', { code: '22023', status: 400 }), e.farFromStreet],
    [new ApiError('The description must be at least 3 characters.', { code: '22023', status: 400 }), e.tooShort],
    [new ApiError('The description must be at most 500 characters.', { code: '22023', status: 400 }), e.tooLong],
    [new ApiError('The description cannot contain HTML tags.', { code: '22023', status: 400 }), e.html],
    [new ApiError('Only moderators can hide or restore needs.', { code: '42501', status: 403 }), e.notModerator],
    [new ApiError('Failed to fetch', { unreachable: true, status: 0 }), e.unreachable],
  ])('%s → a sentence', (error, message) => {
    expect(humanMessage(error)).toBe(message)
  })

  it('retries on no answer, 401, 408, 429 and 5xx; not on other refusals', () => {
    const at = (status: number) => isRetryable(new ApiError('x', { status }))
    expect([0, 401, 408, 429, 500, 503].map(at)).toEqual([true, true, true, true, true, true])
    expect([400, 403, 404, 409, 422].map(at)).toEqual([false, false, false, false, false])
  })
})
