/**
 * Calls fn once calls have stopped for `ms` milliseconds, with the last arguments.
 * `cancel` drops a pending call (used on cleanup); `flush` runs it now.
 *
 * @example
 * const save = debounce((v: string) => console.log(v), 250)
 * save('a'); save('b') // logs "b" once, 250 ms after the second call
 */
export interface Debounced<A extends unknown[]> {
  (...args: A): void
  cancel: () => void
  flush: () => void
  readonly pending: boolean
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  if (!(ms >= 0)) throw new RangeError('debounce: ms must be a number ≥ 0')
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastArgs: A | undefined
  const run = () => {
    timer = undefined
    const args = lastArgs as A
    lastArgs = undefined
    fn(...args)
  }
  const debounced = ((...args: A) => {
    lastArgs = args
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(run, ms)
  }) as Debounced<A>
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    lastArgs = undefined
  }
  debounced.flush = () => {
    if (timer === undefined) return
    clearTimeout(timer)
    run()
  }
  Object.defineProperty(debounced, 'pending', { get: () => timer !== undefined })
  return debounced
}
