/** How a need's status and moderation history read (src/features/needs/history.ts). */
import { describe, expect, it } from 'vitest'
import { historyLabel, statusLabel } from '../../src/features/needs/history.ts'
import { needsText } from '../../src/i18n/needs.ts'

const at = '2026-12-01T10:00:00Z'

describe('statusLabel', () => {
  it('says a hidden need is hidden, and what it was', () => {
    expect(statusLabel('open', true)).toBe('Hidden by a moderator (was open)')
    expect(statusLabel('open', false)).toBe('Open')
  })
})

describe('historyLabel', () => {
  it('reads a moderator hiding or restoring as that, not as a status change', () => {
    expect(historyLabel({ from: 'open', to: 'open', by: 'moderator', note: 'Hidden: abusive words', at })).toBe(needsText.need.historyHidden)
    expect(historyLabel({ from: 'open', to: 'open', by: 'moderator', note: 'Restored: reviewed', at })).toBe(needsText.need.historyRestored)
  })
  it('keeps ordinary status changes as they were', () => {
    expect(historyLabel({ from: null, to: 'open', by: 'author', note: null, at })).toBe('Open (by the resident)')
  })
})
