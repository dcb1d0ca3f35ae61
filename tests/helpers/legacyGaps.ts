/**
 * Today's (pre-cache) gap SQL, installed under the schema legacy_gaps so tests and the
 * gap benchmark can compare the cached functions with it on the same data in the same
 * run: street_category_gaps and street_gaps from 20261127000900, neighbourhood_gaps
 * from 20261127001600, the per-street ranking (street_group_category_gaps,
 * ranked_streets) from 20261201002000 and the briefs' clustering (brief_members) from
 * 20261201004000, with list_briefs from 20261201004100 on top of it; read from the
 * migration files themselves and renamed.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { supabaseDir, type SqlClient } from '../../src/db/migrations.ts'

const migration = (name: string) => readFile(path.join(supabaseDir, 'migrations', name), 'utf8')

/** The `create function <name>( … $$;` statement for name, from a migration's text. */
function extract(sql: string, name: string): string {
  const start = sql.search(new RegExp(`create (or replace )?function ${name.replace('.', '\\.')}\\(`))
  if (start < 0) throw new Error(`${name} not found`)
  const bodyStart = sql.indexOf('$$', start)
  const bodyEnd = sql.indexOf('$$;', bodyStart + 2)
  return sql.slice(start, bodyEnd + 3)
}

export async function installLegacyGaps(db: SqlClient): Promise<void> {
  const gaps = await migration('20261127000900_api_gaps.sql')
  const outcomes = await migration('20261127001600_confirmed_outcomes.sql')
  const groups = await migration('20261201002000_street_groups.sql')
  const briefs = await migration('20261201004000_briefs.sql')
  const briefProjects = await migration('20261201004100_brief_projects.sql')
  const rename = (s: string) =>
    s
      .replace(/create (or replace )?function (private|public)\./, 'create or replace function legacy_gaps.')
      .replaceAll('private.street_category_gaps', 'legacy_gaps.street_category_gaps')
      .replaceAll('private.street_group_category_gaps', 'legacy_gaps.street_group_category_gaps')
      .replaceAll('private.brief_members', 'legacy_gaps.brief_members')
  await db.exec(`create schema if not exists legacy_gaps;
    grant usage on schema legacy_gaps to anon, authenticated;
    ${rename(extract(gaps, 'private.street_category_gaps'))}
    ${rename(extract(gaps, 'public.street_gaps'))}
    ${rename(extract(outcomes, 'public.neighbourhood_gaps'))}
    ${rename(extract(groups, 'private.street_group_category_gaps'))}
    ${rename(extract(groups, 'public.ranked_streets'))}
    ${rename(extract(briefs, 'private.brief_members'))}
    ${rename(extract(briefProjects, 'public.list_briefs'))}
    grant execute on all functions in schema legacy_gaps to anon, authenticated;`)
}
