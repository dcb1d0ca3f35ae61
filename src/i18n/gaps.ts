/**
 * The planner view's strings (gaps, what-if, street page, outcomes), in one place and
 * ready for translation, beside the map's in en.ts.
 */
const n = (v: number) => v.toLocaleString('en-GB')
const plural = (v: number, one: string, many: string) => `${n(v)} ${v === 1 ? one : many}`
const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`)
const days = (v: number | null) => (v === null ? '–' : `${v.toLocaleString('en-GB', { maximumFractionDigits: 1 })} days`)

export const gapsText = {
  modes: {
    label: 'View',
    map: 'Map',
    gaps: 'Gaps',
    gapsHint: 'For planners: unmet need by street',
  },
  panel: {
    label: 'Gaps by street',
    heading: 'Gaps by street',
    intro: 'Where residents’ needs are not met by a place or enterprise within walking distance. Figures are totals; no one’s exact location is shown.',
  },
  filters: {
    heading: 'Filters',
    category: 'Topic',
    allCategories: 'All topics',
    neighbourhood: 'Neighbourhood',
    allNeighbourhoods: 'Whole town',
    radius: 'Walking distance',
    radiusOption: (m: number) => `${n(m)} m`,
    radiusHint: (m: number) => `about ${Math.round(m / 80)} minutes’ walk`,
    shade: 'Shade areas by',
    coverage: 'Coverage',
    demand: 'Demand',
  },
  legend: {
    heading: 'Street gap',
    explain: 'Gap = needs (each counting 1 + its “me too”s) ÷ (1 + places serving them within the walking distance), summed over topics.',
    classes: (from: number, to: number | null) => (to === null ? `${n(from)}+` : `${n(from)}–${n(to)}`),
    coverage: 'Neighbourhood coverage',
    demand: 'Neighbourhood demand',
    coverageNote: 'Share of open needs with a provider of their topic within reach.',
    demandNote: 'Open needs, each counting 1 + its “me too”s.',
    low: (v: string) => `${v}`,
    changed: 'Changed by the hypothetical provider',
  },
  table: {
    caption: (shown: number) => `Streets ranked by gap (${plural(shown, 'street', 'streets')}). Choose a row to see the street.`,
    rank: 'Rank',
    street: 'Street',
    neighbourhood: 'Neighbourhood',
    demand: 'Demand',
    supply: 'Supply',
    gap: 'Gap',
    top: 'Top unmet',
    unnamed: 'Unnamed street',
    empty: 'No street has unmet needs for these choices.',
    loading: 'Working out the gaps…',
    failed: 'The gaps could not be loaded.',
    was: (before: string) => `was ${before}`,
  },
  export: {
    heading: 'Export what is shown',
    csv: 'Download CSV',
    geojson: 'Download GeoJSON',
    note: (rows: number) => `${plural(rows, 'row', 'rows')}, exactly as in the table`,
  },
  whatIf: {
    heading: 'What if…',
    hint: 'a new provider opened here?',
    intro: 'Try a new provider: choose what it offers, then click the map where it would open, or place it at the chosen street.',
    categories: 'It would offer',
    place: 'Place on the map',
    placing: 'Click the map where it would open… (Esc to cancel)',
    placeAtStreet: 'Place at the chosen street',
    cancel: 'Cancel',
    reset: 'Remove the hypothetical provider',
    badge: 'Hypothetical',
    label: 'Hypothetical provider',
    chooseFirst: 'Choose at least one topic first.',
    summary: (streets: number, before: string, after: string) =>
      streets === 0
        ? 'No street with unmet need of these topics is within reach of this spot.'
        : `${plural(streets, 'street', 'streets')} within reach: total gap ${before} → ${after}.`,
    coverage: (name: string, before: string, after: string) => `${name}: coverage ${before} → ${after}`,
    newlyCovered: (count: number) => `${plural(count, 'open need', 'open needs')} would have a provider within reach.`,
  },
  street: {
    kicker: 'Street',
    gapHeading: 'Gap by topic',
    gapTotal: (gap: string) => `Gap ${gap}`,
    noGap: 'No unmet need on this street for these choices.',
    needsHeading: 'Needs raised here',
    noNeeds: 'No open needs on this street in the part of town that is loaded.',
    nearbyHeading: (r: number) => `Within ${n(r)} m`,
    nearbyNone: 'No places or enterprises within this distance.',
    placeMeta: (m: number) => `${n(Math.round(m))} m away`,
    trendHeading: 'Trend',
    outcomesHeading: 'Outcomes on this street',
  },
  outcomes: {
    townHeading: 'Outcomes across the town',
    heading: (name: string) => `Outcomes in ${name}`,
    raised: 'Raised',
    adopted: 'Adopted',
    met: 'Met',
    stillMet: 'Still met',
    medianAdopt: 'Median time to adoption',
    medianMet: 'Median time to met',
    days,
    pct,
    shareMet: (v: number | null) => `${pct(v)} met`,
    loading: 'Loading outcomes…',
    failed: 'The outcomes could not be loaded.',
    chartTitle: 'Needs by month, last 12 months',
    chartSummary: (raised: number, adopted: number, met: number) =>
      `Over the last 12 months: ${plural(raised, 'need', 'needs')} raised, ${n(adopted)} adopted, ${n(met)} met.`,
    series: { raised: 'Raised', adopted: 'Adopted', met: 'Met' } as Record<string, string>,
    monthCell: (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
    tableToggle: 'Show the figures as a table',
  },
  gap: (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 0 }),
  count: n,
  pct,
}
