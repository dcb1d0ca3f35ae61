/**
 * Every user-facing string of the residents' screens (pinning, "me too", the outbox,
 * reporting and moderation), in one place, ready for translation. The map's own
 * strings stay in en.ts.
 */
import { plural } from './format.ts'

export const needsText = {
  pin: {
    open: 'Pin a need',
    openHint: 'Put something your street needs on the map',
    title: 'Pin a need',
    close: 'Cancel pinning',
    stepPlace: 'Where is it?',
    placeHint: 'Tap the map on your street, or search for the street above. Your exact spot is never shown to others.',
    placeChosen: (street: string | null) => (street ? `Near ${street}` : 'Place chosen on the map'),
    placeMove: 'Tap the map again to move it.',
    useCentre: 'Use the middle of the map',
    stepCategory: 'What is it about?',
    stepText: 'Describe the need',
    textHint: 'A sentence or two: what is missing, and for whom. No names or house numbers.',
    chars: (n: number, max: number) => `${n} / ${max}`,
    submit: 'Pin this need',
    sending: 'Pinning…',
    privacy: 'Others see it on the street, never at your door. Only you can see exactly where you tapped.',
    done: 'Your need is on the map. Thank you.',
    queuedLater: 'It is saved on this device and will be sent later.',
    queued: 'No connection: your need is saved on this device and will be sent when you are back online.',
  },
  similar: {
    heading: 'Is it one of these? Add your voice',
    intro: (n: number) => `${plural(n, 'open need', 'open needs')} like this nearby. Saying “me too” counts more than a second pin.`,
    away: (m: number) => `${Math.round(m)} m away`,
    meToo: 'Me too',
    supported: 'You said me too',
    notThese: 'None of these — pin mine',
  },
  need: {
    age: (iso: string, now = Date.now()) => ago(iso, now),
    street: 'Street',
    status: 'Status',
    supporters: (n: number) => (n === 0 ? 'No one has said “me too” yet' : `${plural(n, 'person says', 'people say')} “me too”`),
    meToo: 'Me too',
    undoMeToo: 'Take back my “me too”',
    yoursBadge: 'You raised this',
    yoursNote: 'The dark pin with a white centre is your exact spot; only you can see it.',
    hiddenBadge: 'Hidden by a moderator',
    statusHidden: (status: string) => `Hidden by a moderator (was ${status.toLowerCase()})`,
    historyHidden: 'Hidden by a moderator',
    historyRestored: 'Restored by a moderator',
    edit: 'Edit text',
    save: 'Save',
    cancel: 'Cancel',
    withdraw: 'Withdraw',
    withdrawConfirm: 'Withdraw this need? It leaves the map but stays in the record.',
    withdrawYes: 'Yes, withdraw it',
    withdrawn: 'You withdrew this need.',
    report: 'Report',
    reportReason: 'What is wrong with it?',
    reportSend: 'Send report',
    reported: 'Thank you. A moderator will look at it.',
    hide: 'Hide (moderator)',
    hideReason: 'Why hide it? (kept in the history)',
    hideSend: 'Hide for everyone',
    hidden: 'Hidden. Nobody else sees it now.',
    restore: 'Restore',
    saved: 'Saved.',
  },
  outbox: {
    heading: 'Not sent yet',
    waiting: 'Waiting to send',
    waitingHelp: 'Saved on this device; sent as soon as there is a connection.',
    sending: 'Sending…',
    failed: 'Couldn’t send',
    retry: 'Try again',
    fix: 'Fix it',
    discard: 'Discard',
    count: (n: number) => plural(n, 'need waiting to send', 'needs waiting to send'),
  },
  account: {
    menu: 'Account',
    resident: 'Signed in on this device',
    guest: 'Not signed in',
    staffSignIn: 'Staff sign-in',
    email: 'E-mail',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    signOut: 'Sign out',
    signedInAs: (email: string) => `Signed in as ${email}`,
    badLogin: 'That e-mail and password do not match a staff account.',
    reports: 'Reported needs',
    confirmed: 'Your e-mail address is confirmed. You are signed in.',
    emailChanged: 'Your new e-mail address is confirmed.',
    signedInByLink: 'You are signed in.',
    halfChanged: 'Link accepted. Now open the link we sent to your other e-mail address.',
    linkFailed: (why: string) => `That link did not work: ${why}. Ask for a new one.`,
    invited: 'Welcome: your invitation is accepted. Choose a password for next time.',
    newPassword: 'New password',
    savePassword: 'Save password',
    passwordSaved: 'Password saved.',
  },
  mine: {
    launch: (n: number) => `My needs (${n})`,
    heading: 'My needs',
    empty: 'You have not pinned a need on this device yet.',
    exact: (lat: number, lon: number) => `Your exact spot (only you see it): ${lat.toFixed(5)}, ${lon.toFixed(5)}`,
    open: 'Open',
    close: 'Close my needs',
  },
  moderation: {
    heading: 'Reported needs',
    empty: 'No reports to review. (Only moderators see reports.)',
    reports: (n: number) => plural(n, 'report', 'reports'),
    open: 'Open',
    close: 'Close reports',
  },
  validation: {
    category: 'Choose what the need is about.',
    tooShort: (min: number) => `The description must be at least ${min} characters.`,
    tooLong: (max: number) => `The description must be at most ${max} characters.`,
    html: 'The description cannot contain HTML tags such as <b>.',
    control: 'The description contains characters that cannot be shown.',
    place: 'Choose a place on the map first.',
    outside: 'That place is outside the area Street Level covers. Pick a spot in town.',
    reasonShort: 'Please give a reason of at least 3 characters.',
  },
  errors: {
    rateLimited: 'You have pinned a lot of needs in the last hour. Please wait a while before pinning more.',
    signInBusy: 'Many people have signed in from this network in the last hour (shared wifi?). Please try again in a few minutes.',
    tooFast: 'That was a lot of changes in a short time. Wait a minute, then try again.',
    mailBusy: 'We sent a mail to that address a moment ago. Wait a minute before asking for another.',
    confirmEmail: 'Confirm your e-mail address first: open the link we mailed you.',
    outside: 'That place is outside the area Street Level covers. Pick a spot in town.',
    farFromStreet: 'That spot is more than 150 m from any street. Tap on or next to a street.',
    tooShort: 'The description is too short: write at least 3 characters.',
    tooLong: 'The description is too long: keep it to 500 characters.',
    html: 'The description cannot contain HTML tags.',
    category: 'That category is not known. Choose one from the list.',
    idTaken: 'This need was already sent from another account. Discard it and pin it again.',
    notOpen: 'This need is no longer open.',
    ownNeed: 'You raised this need, so your voice is already counted.',
    notAuthor: 'Only the person who raised a need can change it.',
    notModerator: 'Only moderators can hide or restore needs.',
    gone: 'That need does not exist or has been removed.',
    signIn: 'Please sign in first.',
    unreachable: 'No connection to Street Level just now. Try again in a moment.',
    unknown: (message: string) => `Something went wrong: ${message}`,
  },
}

/** "just now", "5 minutes ago", "3 weeks ago"… */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000)
  const steps: [number, string, string][] = [
    [60, 'second', 'seconds'], [60, 'minute', 'minutes'], [24, 'hour', 'hours'],
    [7, 'day', 'days'], [4.345, 'week', 'weeks'], [12, 'month', 'months'], [Infinity, 'year', 'years'],
  ]
  if (s < 45) return 'just now'
  let v = s
  for (const [size, one, many] of steps) {
    if (v < size) {
      const n = Math.max(1, Math.round(v))
      return `${n} ${n === 1 ? one : many} ago`
    }
    v /= size
  }
  return ''
}
