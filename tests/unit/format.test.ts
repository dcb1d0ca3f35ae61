import { describe, expect, it } from 'vitest'
import { compareText, formatDate, formatMonth, formatNumber, plural } from '../../src/i18n/format.ts'

describe('formatting for people', () => {
  it('groups thousands and says one or many', () => {
    expect(formatNumber(0)).toBe('0')
    expect(formatNumber(20_618)).toBe('20,618')
    expect(plural(1, 'need', 'needs')).toBe('1 need')
    expect(plural(2_400, 'need', 'needs')).toBe('2,400 needs')
  })

  it('writes counts exactly as ICU does for en-GB, without it', () => {
    const icu = new Intl.NumberFormat('en-GB')
    for (const n of [0, 7, 999, 1_000, 12_345, 999_999, 1_000_000, 20_618_004, -1, -1_234, -1_234_567, Number.MAX_SAFE_INTEGER, 2.5, 1_234.5678]) {
      expect(formatNumber(n)).toBe(icu.format(n))
    }
  })

  it('writes a day in full and a month short, the month in UTC whatever the zone', () => {
    expect(formatDate('2026-12-01T12:00:00Z')).toBe('1 December 2026')
    expect(formatMonth('2026-12')).toBe('Dec 2026')
    expect(formatMonth('2027-01')).toBe('Jan 2027')
  })

  it('sorts names with accents beside their plain spelling, not after z', () => {
    expect(['zebra crossing', 'Église Street', 'abbey road', 'Eglise Lane'].sort(compareText)).toEqual(['abbey road', 'Eglise Lane', 'Église Street', 'zebra crossing'])
  })
})
