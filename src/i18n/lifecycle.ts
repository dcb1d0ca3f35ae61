/** Words for a need's lifecycle: adopting, "marked met", the author's answer, notices. */
import { madeOnFirstUse } from './format.ts'
import { ago } from './needs.ts'

const dayFormat = madeOnFirstUse(() => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long' }))
const day = (iso: string) => dayFormat().format(new Date(iso))

export const lifecycleText = {
  adopt: 'We’ll take this on',
  adoptFor: (name: string) => `Take it on for ${name}`,
  adoptHelp: 'Adopting says you are working on it. The person who raised it confirms when it is met.',
  confirmFirst: 'To take a need on, confirm your e-mail address first (use the link we sent you).',
  adopted: 'You are on it. Mark it met when it is sorted; the person who raised it will be asked.',
  adoptedBy: (name: string | null) => (name ? `${name} is working on this.` : 'Someone is working on this.'),
  markMet: 'Mark met',
  markedMet: 'Marked met. It stays on the map until the person who raised it confirms.',
  waitingForResident: 'Marked met — waiting for the resident to confirm',
  waitingForYou: 'Marked met — waiting for you',
  waitingForYouHelp: (autoIso: string | null) =>
    `Whoever adopted your need says it is met. Is it?${autoIso ? ` Without an answer it counts as met on ${day(autoIso)}.` : ''}`,
  confirmMet: 'Yes, it is met',
  notMet: 'No, it is not met',
  confirmed: 'Thank you: it counts as met now.',
  reopened: 'Thank you: it is open again, and the claim is recorded.',
  undo: 'Undo adoption',
  undone: 'The adoption is undone; the need is open again.',
  metBy: (by: 'author' | 'unchallenged' | null) =>
    by === 'author' ? 'Met, confirmed by the person who raised it'
      : by === 'unchallenged' ? 'Met (nobody objected within 14 days)' : 'Met',
  events: {
    met_claimed: 'Marked met, waiting for the resident',
    met_disputed: 'Not met, says the resident',
    met_confirmed: 'Confirmed met',
    still_met: 'Still met',
  } as Record<string, string>,
  roles: { adopter: 'whoever adopted it' } as Record<string, string>,
  outcomes: {
    howConfirmed: 'How each met was confirmed',
    byAuthor: 'By the person who raised it',
    unchallenged: 'Unchallenged after 14 days',
    share: (count: number, share: number | null) => `${count} (${share === null ? '–' : `${Math.round(share * 100)}%`})`,
    noneMet: 'No need is met yet.',
    awaiting: 'Marked met, waiting for the resident',
    disputed: 'Claims the resident disputed',
  },
  notices: {
    button: 'Notices',
    unread: (n: number) => (n === 1 ? '1 new notice' : `${n} new notices`),
    heading: 'Your notices',
    empty: 'Nothing new about your needs.',
    close: 'Close',
    when: (iso: string) => ago(iso),
  },
}
