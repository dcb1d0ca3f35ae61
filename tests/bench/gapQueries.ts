/**
 * The gap queries the issue sets targets for, each written for a schema so the same text
 * runs against today's functions (public/private) and against the pre-cache SQL that
 * tests/helpers/legacyGaps.ts installs as legacy_gaps. Rows come back in a fixed order
 * with gaps rounded to 1e-9, so two engines or two definitions compare as text (a
 * ranking is re-sorted on the rounded gap: today's SQL orders equal gaps by the last bit
 * of a float sum, which depends on the plan).
 */
export interface GapQuery {
  name: string
  sql: (schema: string) => string
}

export const GAP_QUERIES: GapQuery[] = [
  {
    name: 'street_gaps',
    sql: (s) => `select street_id, demand, supply, round(gap::numeric, 9) as gap, by_category::text
                 from ${s}.street_gaps($1, null, null, 5000) order by street_id`,
  },
  {
    name: 'neighbourhood_gaps',
    sql: (s) => `select neighbourhood_id, open_needs, demand, covered_needs, round(coverage::numeric, 9) as c,
                        round(gap::numeric, 9) as g, top_unmet::text, needs_raised, needs_met, share_met, median_days_to_met
                 from ${s}.neighbourhood_gaps($1, null) order by neighbourhood_id`,
  },
  {
    // The streets page asks for 100 rows at a time, with the total.
    name: 'ranked_streets (first 100)',
    sql: (s) => `select street_id, label, demand, supply, round(gap::numeric, 9) as gap, by_category::text, total_count
                 from ${s}.ranked_streets($1, null, null, 100, 0)
                 order by round(gap::numeric, 9) desc, label, street_id`,
  },
  {
    name: 'briefs clustering (brief_members)',
    sql: (s) => `select brief_id, need_id, weight from ${s === 'public' ? 'private' : s}.brief_members($1, null) order by need_id`,
  },
  {
    name: 'list_briefs',
    sql: (s) => `select ${s}.list_briefs($1)::text as briefs`,
  },
]
