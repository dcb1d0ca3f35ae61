// @vitest-environment jsdom
/**
 * The outbox, in a DOM with IndexedDB (fake-indexeddb): pins are kept until the server
 * has them, sent exactly once, survive a "reload" (a new outbox over the same store),
 * wait on network trouble and 401/408/429, and stop with a reason on a refusal.
 */
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { createRoot } from 'solid-js'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NeedRecord, PinRequest } from '../../src/data/needs.ts'
import { ApiError } from '../../src/data/rpc.ts'
import { backoffMs, createOutbox, type OutboxOptions } from '../../src/features/needs/outbox.ts'
import { outboxStore } from '../../src/features/needs/outboxStore.ts'

const pin = (n = 1): PinRequest => ({ id: `00000000-0000-4000-8000-00000000000${n}`, category: 'food', body: `Need number ${n}`, lon: -3.4, lat: 54.1 })
const record = (p: PinRequest) => ({ id: p.id, body: p.body, category: p.category }) as NeedRecord
const offline = () => new ApiError('TypeError: Failed to fetch', { unreachable: true, status: 0 })
const refused = (message: string, status = 400) => new ApiError(message, { code: '22023', status })

let disposers: (() => void)[] = []
function outbox(options: Partial<OutboxOptions> & Pick<OutboxOptions, 'send'>) {
  return createRoot((dispose) => {
    disposers.push(dispose)
    return createOutbox({ auto: false, ...options })
  })
}
/** Lets the start-up flush finish. */
const settle = () => new Promise((r) => setTimeout(r, 20))

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
  outboxStore.reset()
})
afterEach(() => {
  for (const d of disposers) d()
  disposers = []
})

describe('the outbox', () => {
  it('sends a pin at once and forgets it when the server has it', async () => {
    const send = vi.fn(async (p: PinRequest) => record(p))
    const onSent = vi.fn()
    const box = outbox({ send, onSent })
    await settle()
    const need = await box.add(pin())
    expect(need?.id).toBe(pin().id)
    expect(send).toHaveBeenCalledTimes(1)
    expect(onSent).toHaveBeenCalledTimes(1)
    expect(box.items()).toEqual([])
    expect(await outboxStore.all()).toEqual([])
  })

  it('confirms a pin whose answer was lost by sending the same id again at once, and reports it sent', async () => {
    // The server stored the pin but the answer never arrived; the resend gets the stored need.
    let calls = 0
    const send = vi.fn(async (p: PinRequest) => {
      calls++
      if (calls === 1) throw offline()
      return record(p)
    })
    const box = outbox({ send, confirmRetriesMs: [0, 0] })
    await settle()
    const need = await box.add(pin())
    expect(need?.id).toBe(pin().id)
    expect(send).toHaveBeenCalledTimes(2)
    expect(send.mock.calls[1][0].id).toBe(send.mock.calls[0][0].id)
    expect(box.items()).toEqual([])
  })

  it('stops resending at once after the quick tries and leaves the pin waiting', async () => {
    const send = vi.fn(async () => { throw offline() })
    const box = outbox({ send, confirmRetriesMs: [0, 0] })
    await settle()
    expect(await box.add(pin())).toBeNull()
    expect(send).toHaveBeenCalledTimes(3)
    expect(box.items()).toMatchObject([{ id: pin().id, state: 'waiting', attempts: 3 }])
  })

  it('keeps a pin made offline as "waiting", across a reload, and sends it exactly once later', async () => {
    const first = outbox({ send: vi.fn(async () => { throw offline() }) })
    await settle()
    expect(await first.add(pin(), 'Wasdale Road')).toBeNull()
    expect(first.items()).toMatchObject([{ id: pin().id, state: 'waiting', street: 'Wasdale Road', attempts: 1 }])

    // A reload: a new outbox over the same IndexedDB. Its start-up flush sends the pin.
    const send = vi.fn(async (p: PinRequest) => record(p))
    const second = outbox({ send })
    await settle()
    await second.flush()
    await second.flush()
    expect(send).toHaveBeenCalledTimes(1)
    expect(send.mock.calls[0][0]).toEqual(pin())
    expect(second.items()).toEqual([])
  })

  it('never sends the same pin twice at once, however many flushes overlap', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const send = vi.fn(async (p: PinRequest) => { await gate; return record(p) })
    await outboxStore.put({ ...pin(), state: 'waiting', message: null, street: null, attempts: 1, created_at: new Date().toISOString() })
    const box = outbox({ send })
    const flushes = Promise.all([box.flush(), box.flush(), box.flush()])
    await settle()
    release()
    await flushes
    await settle()
    expect(send).toHaveBeenCalledTimes(1)
  })

  it.each([401, 408, 429, 503])('waits and retries after HTTP %i', async (status) => {
    const send = vi.fn(async () => { throw new ApiError(status === 429 ? 'You have pinned 10 needs in the last hour; please wait before pinning more.' : 'Try later', { status, code: status === 429 ? 'PT429' : undefined }) })
    const box = outbox({ send })
    await settle()
    await box.add(pin())
    expect(box.items()[0]).toMatchObject({ state: 'waiting' })
    if (status === 429) expect(box.items()[0].message).toMatch(/wait a while/)
  })

  it('does not resend at once when the server answered with a reason to wait (429), so the sheet can say so', async () => {
    const send = vi.fn(async () => { throw new ApiError('You have pinned 10 needs in the last hour; please wait before pinning more.', { status: 429, code: 'PT429' }) })
    const box = outbox({ send, confirmRetriesMs: [0, 0] })
    await settle()
    expect(await box.add(pin())).toBeNull()
    expect(send).toHaveBeenCalledTimes(1)
    expect(box.items()[0]).toMatchObject({ state: 'waiting', attempts: 1 })
  })

  it('moves a refused pin to "couldn\'t send" with a human reason, keeps it, and resends it fixed under the same id', async () => {
    const send = vi.fn(async (p: PinRequest) => {
      if (p.lon < -3.41) throw refused('That place is more than 150 m from any street; pick a point on or near a street.')
      return record(p)
    })
    const box = outbox({ send })
    await settle()
    await box.add({ ...pin(), lon: -3.5 })
    expect(box.items()).toMatchObject([{ state: 'failed', message: expect.stringMatching(/150 m from any street/) }])
    await box.flush() // a flush does not resend a refused pin: the person must fix it
    expect(send).toHaveBeenCalledTimes(1)
    expect(await outboxStore.all()).toHaveLength(1)

    const need = await box.retry(pin().id, { lon: -3.4 })
    expect(need?.id).toBe(pin().id)
    expect(send).toHaveBeenLastCalledWith(pin())
    expect(box.items()).toEqual([])
  })

  it('discards only when asked', async () => {
    const box = outbox({ send: vi.fn(async () => { throw refused('The description must be at least 3 characters.') }) })
    await settle()
    await box.add(pin())
    expect(box.items()).toHaveLength(1)
    await box.discard(pin().id)
    expect(box.items()).toEqual([])
    expect(await outboxStore.all()).toEqual([])
  })

  it('backs off from 2 s, doubling, to at most a minute', () => {
    expect([0, 1, 2, 3, 10].map(backoffMs)).toEqual([2000, 2000, 4000, 8000, 60_000])
  })
})
