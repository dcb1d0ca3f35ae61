/**
 * Every user-facing string of spin-out briefs and the projects started from them, in one
 * place, ready for translation. Functions take numbers and names so each language can
 * order and pluralise its own way.
 */
import { formatNumber, plural } from './format.ts'

export const briefsText = {
  link: 'Spin-out briefs',
  back: '← Back to the map',
  allBriefs: '← All briefs',
  print: 'Print this brief',
  loading: 'Loading…',
  failed: 'This could not be loaded. Check your connection and try again.',
  retry: 'Try again',

  list: {
    heading: 'Spin-out briefs',
    intro:
      'Clusters of unmet need: open needs of one kind within a five-minute walk of each other, with nothing of that kind within that walk. Each is a brief for a new local project.',
    category: 'Topic',
    anyCategory: 'Every topic',
    neighbourhood: 'Neighbourhood',
    anyNeighbourhood: 'Every neighbourhood',
    sort: 'Rank by',
    byDemand: 'Demand (needs and “me too”s)',
    byUnmet: 'How long unmet',
    exportCsv: 'Download CSV',
    exportGeojson: 'Download GeoJSON',
    none: 'No brief matches: no cluster of unmet need reaches the threshold here.',
    count: (n: number) => plural(n, 'brief', 'briefs'),
    days: (n: number) => plural(n, 'day', 'days'),
    columns: { brief: 'Brief', demand: 'Demand', needs: 'Needs', unmet: 'Unmet for', streets: 'Streets', projects: 'Projects' },
    title: (label: string, street: string | undefined) => (street ? `${label} near ${street}` : label),
    outcomesHeading: 'By neighbourhood',
    outcomesIntro: 'Outcomes, not activity: needs count as met only when the people who raised them confirm it.',
    outcomeColumns: { name: 'Neighbourhood', open: 'Briefs open', started: 'Projects started', met: 'Needs met by them' },
  },

  brief: {
    demand: (n: number) => plural(n, 'person asking', 'people asking'),
    needs: (n: number) => plural(n, 'need', 'needs'),
    supporters: (n: number) => plural(n, '“me too”', '“me too”s'),
    unmetFor: (days: number) => (days < 1 ? 'raised today' : `unmet for ${plural(days, 'day', 'days')}`),
    trend: (last: number, before: number) =>
      `${plural(last, 'need', 'needs')} raised in the last 30 days, ${formatNumber(before)} in the 30 before`,
    closed: 'This cluster is no longer open: its needs were met, or something nearby now answers them. Its projects and outcomes are below.',
    movedTo: 'This cluster has grown or changed since this link was made; it is shown as it is now.',
    asked: 'What people asked for',
    showAll: (n: number) => `Show all ${formatNumber(n)}`,
    streets: 'Streets',
    byMonth: 'Needs raised by month',
    hosts: 'Places nearby that could host it',
    noHosts: 'No hall, centre, library or church within 800 m.',
    models: 'Enterprises elsewhere doing this',
    noModels: 'No active enterprise in this topic yet.',
    youngPeople: 'Young people interested',
    youngCount: (n: number) => `${plural(n, 'young person', 'young people')} near here said they would like to join a project on this topic.`,
    youngFew: (k: number) => `Fewer than ${k} young people near here have shown interest in this topic (a smaller count is not shown, so nobody can be picked out).`,
    metres: (m: number) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`),
    projects: 'Projects started from this brief',
    noProjects: 'Nobody has started a project from this brief yet.',
    outcomes: 'Did it work?',
    stage: { starting: 'Starting', active: 'Active', abandoned: 'Abandoned' } as Record<string, string>,
  },

  outcomes: {
    met: 'Needs met (confirmed by the people who raised them)',
    metByProjects: 'of them by the project',
    stillMet: 'Still met at the 90-day check',
    awaiting: 'Marked met, waiting for confirmation (not yet an outcome)',
    median: 'Median days from start to the first need met',
    demand: 'Demand when it started, and now',
    demandThenNow: (then: number | null, now: number) => `${then ?? '—'} → ${now}`,
    none: '—',
  },

  start: {
    heading: 'Start this',
    intro: 'Start a project for these needs. It shows on the map as starting; it can adopt these needs, and each person who raised one is told.',
    signIn: 'Starting a project takes an e-mail account.',
    name: 'Project name',
    goal: 'What it will do',
    contact: 'How people reach you',
    submit: 'Start the project',
    busy: 'Starting…',
  },

  project: {
    starting: 'This project is starting.',
    fromBrief: 'Started from a brief',
    started: (date: string) => `Started ${date}`,
    cofounders: (n: number) => plural(n, 'co-founder', 'co-founders'),
    needs: 'The brief’s needs',
    adoptAll: 'Adopt the open needs',
    adoptOne: 'Adopt this need',
    adopted: (n: number, skipped: number) =>
      `${plural(n, 'need', 'needs')} adopted${skipped > 0 ? `; ${skipped} could not be (see each need)` : ''}. Each person who raised one is told.`,
    markMet: 'Mark met',
    markedMet: 'Marked met: waiting for the person who raised it to confirm.',
    status: { open: 'open', acknowledged: 'seen', adopted: 'adopted by this project', met: 'met' } as Record<string, string>,
    awaiting: 'met — waiting for confirmation',
    roles: 'Roles to join',
    noRoles: 'No roles yet. Add one and young people can find it in Find projects.',
    /** From a role to the young people's list, where it can be taken up. */
    joinRole: 'Join it from Find projects',
    addRole: 'Add a role',
    invite: 'Invite a co-founder',
    inviteLink: 'Send this link to a co-founder (valid 14 days):',
    makeActive: 'We are up and running: make it active',
    abandon: 'Stop this project',
    abandonConfirm: 'Stop the project? Every need it adopted and has not met goes back to open.',
    nowActive: 'The project is active.',
    nowAbandoned: 'The project has stopped; its adopted needs are open again.',
    outcomes: 'Did it work?',
    notFound: 'There is no such project.',
  },

  join: {
    heading: 'Join a project as a co-founder',
    signIn: 'Joining takes an e-mail account.',
    submit: 'Join the project',
    joined: 'You are a co-founder.',
  },

  need: {
    starting: (name: string) => `A project is starting for this: ${name}`,
    active: (name: string) => `A project is working on this: ${name}`,
    adopted: 'It has adopted this need.',
    open: 'See the project',
    confirmQuestion: 'The project says this need is met. Is it?',
    yes: 'Yes, it is met',
    no: 'Not yet',
    thanks: 'Thank you: your answer is recorded.',
  },
}
