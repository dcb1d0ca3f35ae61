// @vitest-environment jsdom
/**
 * The need lifecycle on a need's page and the planners' split of mets, in a DOM: only
 * what the database's `may` allows is offered; a claim shows as "waiting for the
 * resident" to others and as a question to its author; the outcome figures say how each
 * met was confirmed, with the share of each, in words as well as in the bar.
 */
import { cleanup, render, screen } from '@solidjs/testing-library'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Outcomes } from '../../src/data/gaps.ts'
import type { NeedMay, NeedPageData } from '../../src/data/lifecycle.ts'
import { OutcomesFigures } from '../../src/features/gaps/OutcomesPanel.tsx'
import { NeedLifecycle } from '../../src/features/needs/NeedLifecycle.tsx'
import { ResidentsContext, type Residents } from '../../src/features/needs/residents.ts'
import { lifecycleText as l } from '../../src/i18n/lifecycle.ts'

afterEach(cleanup)

const nothing: NeedMay = { adopt: false, adopt_for: [], mark_met: false, answer_claim: false, undo_adoption: false, confirmed_account: false }
const need = (over: Partial<NeedPageData>, may: Partial<NeedMay> = {}): NeedPageData => ({
  id: 'n1', category: 'food', body: 'No food bank', status: 'open', street_id: 's', street_name: 'Mill Lane',
  neighbourhood_id: null, public_point: [0, 0], supporters: 0, supported_by_me: false, is_mine: false,
  created_at: '2026-11-01T00:00:00Z', status_changed_at: '2026-11-01T00:00:00Z', history: [], hidden: false,
  exact_point: null, adopted_by_enterprise: null, adopted_by_me: false, adopted_at: null, met_at: null,
  met_confirmed_at: null, met_confirmed_by: null, met_claimed_at: null, awaiting_confirmation: false,
  auto_confirms_at: null, ...over, may: { ...nothing, ...may },
})
const show = (n: NeedPageData) =>
  render(() => <NeedLifecycle need={n} onChanged={vi.fn()} onMessage={vi.fn()} />)
const buttons = () => screen.queryAllByRole('button').map((b) => b.textContent)

describe('NeedLifecycle', () => {
  it('offers adopting only when the database allows it', () => {
    show(need({}))
    expect(buttons()).toEqual([])
    // Without a signed-in e-mail account (no residents' context here) there is nothing to confirm.
    expect(screen.queryByText(l.confirmFirst)).toBeNull()
    cleanup()
    show(need({}, { adopt: true, adopt_for: [{ id: 'e1', name: '<i>Corner</i> Pantry' }], confirmed_account: true }))
    expect(buttons()).toEqual([l.adopt, l.adoptFor('<i>Corner</i> Pantry')])
    expect(screen.queryByText(l.confirmFirst)).toBeNull()
  })

  it('tells someone signed in with an unconfirmed e-mail address to confirm it first', () => {
    const residents = { account: () => ({ userId: 'u1', anonymous: false, email: 'new@example.org' }) } as unknown as Residents
    render(() => (
      <ResidentsContext.Provider value={residents}>
        <NeedLifecycle need={need({})} onChanged={vi.fn()} onMessage={vi.fn()} />
      </ResidentsContext.Provider>
    ))
    expect(screen.getByText(l.confirmFirst)).toBeTruthy()
    expect(buttons()).toEqual([])
  })

  it('shows a claim as waiting for the resident to others, with nothing to press', () => {
    show(need({ status: 'adopted', met_claimed_at: '2026-11-20T00:00:00Z', awaiting_confirmation: true }, { confirmed_account: true }))
    expect(screen.getByText(l.waitingForResident)).toBeTruthy()
    expect(buttons()).toEqual([])
  })

  it('asks the author "is it met?", with when it counts as met without an answer, and lets them undo', () => {
    show(need({ status: 'adopted', is_mine: true, met_claimed_at: '2026-11-20T00:00:00Z', awaiting_confirmation: true,
      auto_confirms_at: '2026-12-04T00:00:00Z' }, { answer_claim: true, undo_adoption: true }))
    expect(screen.getByText(l.waitingForYou)).toBeTruthy()
    expect(screen.getByText(/counts as met on 4 December/)).toBeTruthy()
    expect(buttons()).toEqual([l.confirmMet, l.notMet, l.undo])
    expect(screen.queryByText(l.waitingForResident)).toBeNull()
  })

  it('offers the adopter "mark met" and says how a met need was confirmed', () => {
    show(need({ status: 'adopted', adopted_by_me: true }, { mark_met: true, undo_adoption: true, confirmed_account: true }))
    expect(buttons()).toEqual([l.markMet, l.undo])
    cleanup()
    show(need({ status: 'met', met_confirmed_by: 'unchallenged' }))
    expect(screen.getByText(l.metBy('unchallenged'))).toBeTruthy()
  })
})

describe('OutcomesFigures', () => {
  it('says how each met was confirmed, with the share of each, and counts waiting and disputed claims', () => {
    const o: Outcomes = {
      needs_raised: 10, needs_adopted: 6, needs_met: 4, needs_met_confirmed_by_author: 3, needs_met_unchallenged: 1,
      share_met_confirmed_by_author: 0.75, share_met_unchallenged: 0.25, needs_awaiting_confirmation: 2, needs_disputed: 1,
      needs_still_met: 0, needs_unmet: 6, share_met: 0.4, median_days_to_adoption: 2, median_days_to_met: 9, by_month: [],
    }
    const { container } = render(() => <OutcomesFigures outcomes={o} />)
    expect(container.querySelector('[data-outcome="met-by-author"]')!.textContent).toBe('3 (75%)')
    expect(container.querySelector('[data-outcome="met-unchallenged"]')!.textContent).toBe('1 (25%)')
    expect(container.querySelector('[data-outcome="awaiting"]')!.textContent).toBe('2')
    expect(container.querySelector('[data-outcome="disputed"]')!.textContent).toBe('1')
    expect((container.querySelector('.met-bar-author') as HTMLElement).style.width).toBe('75%')
  })
})
