/**
 * Numbers and dates as they are written here (12,345; 1 December 2026). Formatters are
 * made once, on first use: each toLocaleString('en-GB') builds a new one, and loading
 * ICU's locale data costs ~10 ms, not to be paid while the first screen renders. Counts
 * (integers) need no ICU at all: en-GB groups digits in threes with commas.
 */
export function madeOnFirstUse<F>(make: () => F): () => F {
  let made: F | undefined
  return () => (made ??= make())
}

const decimals = madeOnFirstUse(() => new Intl.NumberFormat('en-GB'))
const longDate = madeOnFirstUse(() => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }))
const shortMonth = madeOnFirstUse(() => new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }))

export const formatNumber = (n: number) =>
  Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : decimals().format(n)

/** "1 need", "2,400 needs". */
export const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`

/** "1 December 2026", from an ISO timestamp. */
export const formatDate = (iso: string) => longDate().format(new Date(iso))

/** "Dec 2026", from a month as "2026-12". */
export const formatMonth = (month: string) => shortMonth().format(new Date(`${month}-01T00:00:00Z`))

const collator = madeOnFirstUse(() => new Intl.Collator('en-GB'))

/** Sorts names as people here expect ("Église" beside "Eglise"); one collator, not one per comparison. */
export const compareText = (a: string, b: string) => collator().compare(a, b)
