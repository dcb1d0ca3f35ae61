/**
 * PostgREST's schema cache, for the part we serve: the functions in schema `public`
 * (their argument names and types, volatility and return shape) and the API roles'
 * own statement_timeout settings, read from pg_catalog.
 */
import type { Database } from '../../db/database.ts'

export interface RpcArgument {
  name: string
  /** As format_type prints it, schema-qualified where needed: `double precision`, `text[]`. */
  type: string
  hasDefault: boolean
}

export interface RpcFunction {
  name: string
  /** i = immutable, s = stable, v = volatile. */
  volatility: 'i' | 's' | 'v'
  returnsSet: boolean
  returns: 'scalar' | 'composite' | 'void'
  /** The function returns json or jsonb: its text is already the response (no to_json). */
  returnsJson: boolean
  /** The function returns a domain named as a media type (PostgREST's media type handlers): sent raw. */
  mediaType: string | null
  /** The media type domain is over bytea (sent as is); otherwise it is text, sent as UTF-8. */
  mediaBytes: boolean
  /** Input arguments in order (IN, INOUT and VARIADIC). */
  args: RpcArgument[]
}

interface CatalogRow {
  name: string
  volatility: 'i' | 's' | 'v'
  returns_set: boolean
  return_kind: 'scalar' | 'composite' | 'void'
  returns_json: boolean
  media_type: string | null
  media_bytes: boolean
  n_defaults: number
  args: Array<{ name: string | null; type: string; mode: string }> | string
}

// Read with an empty search_path so that format_type qualifies every non-catalog type.
const FUNCTIONS = `
select p.proname as name, p.provolatile as volatility, p.proretset as returns_set,
       case when rt.oid = 'pg_catalog.void'::pg_catalog.regtype then 'void'
            when rt.typtype = 'c' or rt.oid = 'pg_catalog.record'::pg_catalog.regtype then 'composite'
            else 'scalar' end as return_kind,
       rt.oid in ('pg_catalog.json'::pg_catalog.regtype, 'pg_catalog.jsonb'::pg_catalog.regtype) as returns_json,
       case when rt.typtype = 'd' and rt.typname ~ '^[a-z]+/[a-z0-9.+-]+$' then rt.typname::text end as media_type,
       rt.typbasetype = 'pg_catalog.bytea'::pg_catalog.regtype as media_bytes,
       p.pronargdefaults as n_defaults,
       coalesce((
         select pg_catalog.json_agg(pg_catalog.json_build_object(
                  'name', a.name, 'type', pg_catalog.format_type(a.type, null), 'mode', a.mode) order by a.ord)
         from unnest(coalesce(p.proallargtypes, p.proargtypes::pg_catalog.oid[]),
                                coalesce(p.proargmodes, pg_catalog.array_fill('i'::"char", array[p.pronargs::int])),
                                p.proargnames)
              with ordinality as a(type, mode, name, ord)
       ), '[]') as args
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
join pg_catalog.pg_type rt on rt.oid = p.prorettype
where n.nspname = 'public' and p.prokind = 'f'
  and (rt.typtype <> 'p' or rt.oid in ('pg_catalog.void'::pg_catalog.regtype, 'pg_catalog.record'::pg_catalog.regtype))
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass and d.objid = p.oid and d.deptype = 'e')`

const ROLE_TIMEOUTS = `
select r.rolname as role, pg_catalog.substr(c, 19) as timeout
from pg_catalog.pg_roles r
join pg_catalog.pg_db_role_setting s on s.setrole = r.oid
  and s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = pg_catalog.current_database()))
cross join lateral unnest(s.setconfig) c
where r.rolname in ('anon', 'authenticated', 'service_role') and c like 'statement_timeout=%'
order by s.setdatabase`

type CatalogArg = { name: string | null; type: string; mode: string }

function toFunction(row: CatalogRow): RpcFunction | null {
  const all: CatalogArg[] = typeof row.args === 'string' ? (JSON.parse(row.args) as CatalogArg[]) : row.args
  const inputs = all.filter((a) => a.mode === 'i' || a.mode === 'b' || a.mode === 'v')
  // Functions with unnamed inputs cannot be called with named JSON arguments.
  if (inputs.some((a) => !a.name)) return null
  const firstDefault = inputs.length - Number(row.n_defaults)
  return {
    name: row.name,
    volatility: row.volatility,
    returnsSet: row.returns_set,
    returns: row.return_kind,
    returnsJson: row.returns_json,
    mediaType: row.media_type,
    mediaBytes: row.media_bytes === true,
    args: inputs.map((a, i) => ({ name: a.name as string, type: a.type, hasDefault: i >= firstDefault })),
  }
}

export class SchemaCache {
  private byName = new Map<string, RpcFunction[]>()
  private timeouts = new Map<string, string>()
  private loadedAt = 0

  constructor(private readonly db: Database) {}

  async load(): Promise<void> {
    const { functions, timeouts } = await this.db.transaction(
      async (tx) => {
        await tx.query("select pg_catalog.set_config('search_path', '', true)")
        const { rows } = await tx.query<CatalogRow>(FUNCTIONS)
        const { rows: t } = await tx.query<{ role: string; timeout: string }>(ROLE_TIMEOUTS)
        return { functions: rows, timeouts: t }
      },
      { readOnly: true },
    )
    const byName = new Map<string, RpcFunction[]>()
    for (const row of functions) {
      const fn = toFunction(row)
      if (!fn) continue
      byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn])
    }
    this.byName = byName
    this.timeouts = new Map(timeouts.map((t) => [t.role, t.timeout]))
    this.loadedAt = Date.now()
  }

  /** Overloads of a function; reloads once (at most every 5 s) when the name is unknown. */
  async find(name: string): Promise<RpcFunction[]> {
    if (!this.byName.has(name) && Date.now() - this.loadedAt > 5000) await this.load()
    return this.byName.get(name) ?? []
  }

  statementTimeout(role: string): string | undefined {
    return this.timeouts.get(role)
  }

  get size(): number {
    return this.byName.size
  }
}
