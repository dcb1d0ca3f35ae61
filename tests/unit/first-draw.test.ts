import { afterEach, describe, expect, it, vi } from 'vitest'
import { firstDraw, PINS_DRAWN } from '../../src/pwa/firstDraw.ts'

const settled = async (p: Promise<void>) => {
  let done = false
  void p.then(() => (done = true))
  await new Promise((r) => setTimeout(r, 20))
  return done
}

describe('firstDraw (when the service worker is registered)', () => {
  afterEach(() => performance.clearMarks(PINS_DRAWN))

  it('waits for the first pins, and resolves when they are marked', async () => {
    const drawn = firstDraw(60_000)
    expect(await settled(drawn)).toBe(false)
    performance.mark(PINS_DRAWN)
    expect(await settled(drawn)).toBe(true)
  })

  it('resolves at once when the pins were already drawn', async () => {
    performance.mark(PINS_DRAWN)
    expect(await settled(firstDraw(60_000))).toBe(true)
  })

  it('resolves after the fallback when nothing is ever drawn', async () => {
    vi.useFakeTimers()
    try {
      const drawn = firstDraw(10_000)
      let done = false
      void drawn.then(() => (done = true))
      await vi.advanceTimersByTimeAsync(9_000)
      expect(done).toBe(false)
      await vi.advanceTimersByTimeAsync(1_000)
      expect(done).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })
})
