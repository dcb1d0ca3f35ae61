import { createEffect, createSignal, on, onCleanup, untrack, type Accessor } from 'solid-js'
import { debounce } from '../lib/debounce.ts'

/** A signal that follows `source` once it has been still for `ms` milliseconds. */
export function createDebounced<T>(source: Accessor<T>, ms: number): Accessor<T> {
  const [value, setValue] = createSignal<T>(untrack(source))
  const update = debounce((v: T) => setValue(() => v), ms)
  createEffect(on(source, (v) => update(v), { defer: true }))
  onCleanup(update.cancel)
  return value
}
