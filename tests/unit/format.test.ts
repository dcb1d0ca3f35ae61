import { describe, expect, it } from 'vitest'
import { formatDate, formatMonth, formatNumber, plural } from '../../src/i18n/format.ts'

describe('formatting for people', () => {
  it('groups thousands and says one or many', () => {
    expect(formatNumber(0)).toBe('0')
    expect(formatNumber(20_618)).toBe('20,618')
    expect(plural(1, 'need', 'needs')).toBe('1 need')
    expect(plural(2_400, 'need', 'needs')).toBe('2,400 needs')
  })

  it('writes a day in full and a month short, the month in UTC whatever the zone', () => {
    expect(formatDate('2026-12-01T12:00:00Z')).toBe('1 December 2026')
    expect(formatMonth('2026-12')).toBe('Dec 2026')
    expect(formatMonth('2027-01')).toBe('Jan 2027')
  })
})
