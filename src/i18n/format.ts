/**
 * Numbers as they are written here (12,345), from one formatter made once: each
 * toLocaleString('en-GB') builds a new one, and the legend alone formats dozens of counts
 * while the first map is being made.
 */
const grouped = new Intl.NumberFormat('en-GB')

export const formatNumber = (n: number) => grouped.format(n)

/** "1 need", "2,400 needs". */
export const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
const shortMonth = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })

/** "1 December 2026", from an ISO timestamp. */
export const formatDate = (iso: string) => longDate.format(new Date(iso))

/** "Dec 2026", from a month as "2026-12". */
export const formatMonth = (month: string) => shortMonth.format(new Date(`${month}-01T00:00:00Z`))
