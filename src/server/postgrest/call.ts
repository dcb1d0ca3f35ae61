/**
 * How PostgREST calls a function: pick the overload whose argument names fit the JSON
 * keys, then bind the JSON body through json_to_record, so Postgres itself converts
 * each value to the argument's declared type (a bad value is a 22P02 → 400) and
 * omitted arguments take their defaults.
 */
import type { RpcFunction } from './schema-cache.ts'
import { pgrstError } from './errors.ts'

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

/** The overload that takes exactly these named arguments (those left out must have defaults). */
export function matchFunction(name: string, overloads: RpcFunction[], keys: string[]): RpcFunction {
  const given = new Set(keys)
  const fits = overloads.filter((fn) => {
    const names = new Set(fn.args.map((a) => a.name))
    return keys.every((k) => names.has(k)) && fn.args.every((a) => a.hasDefault || given.has(a.name))
  })
  if (fits.length === 1) return fits[0]
  const signature = `public.${name}(${[...keys].sort().join(', ')})`
  if (fits.length > 1) {
    throw pgrstError(
      300,
      'PGRST203',
      `Could not choose the best candidate function between: ${fits.map((f) => `public.${name}(${f.args.map((a) => `${a.name} => ${a.type}`).join(', ')})`).join(', ')}`,
      null,
      'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    )
  }
  const keyList = keys.length ? `parameter${keys.length > 1 ? 's' : ''} ${[...keys].sort().join(', ')}` : 'no parameters'
  const hint = overloads.length
    ? `Perhaps you meant to call the function ${overloads.map((f) => `public.${name}(${f.args.map((a) => a.name).join(', ')})`).join(' or ')}`
    : null
  throw pgrstError(
    404,
    'PGRST202',
    `Could not find the function ${signature} in the schema cache`,
    `Searched for the function public.${name} with ${keyList} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    hint,
  )
}

export interface CallSql {
  sql: string
  /** Whether the first parameter ($1) is the JSON arguments object. */
  takesArgs: boolean
}

/**
 * One statement returning one row: `body` (the response JSON as text, or bytes for a
 * media type handler), for set-returning functions `n` (rows sent, at most maxRows,
 * PostgREST's max-rows), and `_headers` / `_status` as the function left them.
 */
export function buildCallSql(fn: RpcFunction, keys: string[], maxRows: number): CallSql {
  const { sql, takesArgs } = buildBodySql(fn, keys, maxRows)
  // Then the response GUCs the function may have set (PostgREST's response.headers and
  // response.status); offset 0 keeps the call in a subquery that runs first.
  return {
    sql: `select _b.*, pg_catalog.current_setting('response.headers', true) as _headers,
                 pg_catalog.current_setting('response.status', true) as _status from (${sql} offset 0) _b`,
    takesArgs,
  }
}

function buildBodySql(fn: RpcFunction, keys: string[], maxRows: number): CallSql {
  const used = fn.args.filter((a) => keys.includes(a.name))
  const call = `public.${quoteIdent(fn.name)}(${used.map((a) => `${quoteIdent(a.name)} := _args.${quoteIdent(a.name)}`).join(', ')})`
  const args = used.length
    ? `pg_catalog.json_to_record($1::json) as _args(${used.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(', ')})`
    : null
  const from = (source: string) => (args ? `${args} cross join lateral ${source}` : source)

  if (fn.returns === 'void') return { sql: `select ${call} is null as body ${args ? `from ${args}` : ''}`, takesArgs: !!args }
  if (!fn.returnsSet && fn.mediaType) {
    // A media type handler's bytes, sent as they are.
    const bytes = fn.mediaBytes ? `(${call})::bytea` : `pg_catalog.convert_to((${call})::text, 'UTF8')`
    return { sql: `select ${bytes} as body ${args ? `from ${args}` : ''}`, takesArgs: !!args }
  }
  if (!fn.returnsSet && fn.returns === 'scalar') {
    // json and jsonb are sent as their text; to_json would only re-encode them (a third of
    // the time of a large map layer).
    const value = fn.returnsJson ? `(${call})::text` : `pg_catalog.to_json(${call})::text`
    return { sql: `select coalesce(${value}, 'null') as body ${args ? `from ${args}` : ''}`, takesArgs: !!args }
  }
  if (!fn.returnsSet) {
    // A single composite value is sent as one object, not an array.
    return { sql: `select coalesce(pg_catalog.to_json(_r)::text, 'null') as body from (select _f.* from ${from(`${call} as _f`)}) _r`, takesArgs: !!args }
  }
  const element = fn.returns === 'composite' ? '_r' : '_r._f'
  return {
    sql: `select coalesce(pg_catalog.json_agg(${element})::text, '[]') as body, pg_catalog.count(*)::int as n
          from (select _f.* from ${from(`${call} as _f`)} limit ${Math.trunc(maxRows)}) _r`,
    takesArgs: !!args,
  }
}
