import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { debounce } from '../../src/lib/debounce.ts'

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('calls once, with the last arguments, after the calls stop', () => {
    const fn = vi.fn()
    const d = debounce(fn, 250)
    d(1)
    vi.advanceTimersByTime(200)
    d(2)
    vi.advanceTimersByTime(200)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(50)
    expect(fn).toHaveBeenCalledTimes(1)
    expect(fn).toHaveBeenCalledWith(2)
  })

  it('cancel drops the pending call', () => {
    const fn = vi.fn()
    const d = debounce(fn, 100)
    d('x')
    expect(d.pending).toBe(true)
    d.cancel()
    vi.advanceTimersByTime(500)
    expect(fn).not.toHaveBeenCalled()
    expect(d.pending).toBe(false)
  })

  it('flush runs the pending call now, and only once', () => {
    const fn = vi.fn()
    const d = debounce(fn, 100)
    d('y')
    d.flush()
    vi.advanceTimersByTime(500)
    expect(fn).toHaveBeenCalledTimes(1)
    expect(fn).toHaveBeenCalledWith('y')
  })

  it('refuses a negative or missing delay', () => {
    expect(() => debounce(() => {}, -1)).toThrow(RangeError)
    expect(() => debounce(() => {}, Number.NaN)).toThrow(RangeError)
  })
})
