import { describe, expect, it } from 'vitest'
import { statusForSqlState } from '../../src/server/postgrest/errors.ts'
import { buildCallSql, matchFunction } from '../../src/server/postgrest/call.ts'
import type { RpcFunction } from '../../src/server/postgrest/schema-cache.ts'

describe('statusForSqlState', () => {
  it.each([
    ['23505', 409], ['23503', 409], ['P0001', 400], ['22023', 400], ['22P02', 400], ['42883', 404],
    ['42P01', 404], ['25006', 405], ['08006', 503], ['53100', 503], ['53400', 500], ['57014', 500],
    ['P0002', 500], ['XX000', 500], ['PT404', 404], ['PT429', 429], ['PT402', 402], ['23514', 400],
  ])('maps %s to %i as PostgREST does', (code, status) => {
    expect(statusForSqlState(code, 'authenticated')).toBe(status)
  })

  it('answers insufficient privilege with 401 for anon and 403 for signed-in roles', () => {
    expect(statusForSqlState('42501', 'anon')).toBe(401)
    expect(statusForSqlState('42501', 'authenticated')).toBe(403)
    expect(statusForSqlState('42501', 'service_role')).toBe(403)
  })
})

const fn = (name: string, args: Array<[string, string, boolean?]>, extra: Partial<RpcFunction> = {}): RpcFunction => ({
  name,
  volatility: 's',
  returnsSet: false,
  returns: 'scalar',
  returnsJson: false,
  mediaType: null,
  mediaBytes: false,
  args: args.map(([n, type, hasDefault]) => ({ name: n, type, hasDefault: !!hasDefault })),
  ...extra,
})

describe('matchFunction', () => {
  const mapNeeds = fn('map_needs', [['min_lon', 'double precision'], ['min_lat', 'double precision'], ['categories', 'text[]', true]])

  it('takes the overload whose names fit, leaving defaulted arguments out', () => {
    expect(matchFunction('map_needs', [mapNeeds], ['min_lon', 'min_lat'])).toBe(mapNeeds)
    expect(matchFunction('map_needs', [mapNeeds], ['min_lat', 'categories', 'min_lon'])).toBe(mapNeeds)
  })

  it('answers 404 PGRST202 for unknown names or missing required arguments, with a hint', () => {
    for (const keys of [['min_lon'], ['min_lon', 'min_lat', 'zoom']]) {
      try {
        matchFunction('map_needs', [mapNeeds], keys)
        expect.unreachable()
      } catch (error) {
        expect(error).toMatchObject({ status: 404, body: { code: 'PGRST202' } })
        expect((error as { body: { hint: string } }).body.hint).toContain('public.map_needs(min_lon, min_lat, categories)')
      }
    }
  })

  it('answers 300 PGRST203 when two overloads fit', () => {
    const a = fn('f', [['x', 'integer']])
    const b = fn('f', [['x', 'text']])
    expect(() => matchFunction('f', [a, b], ['x'])).toThrow(/best candidate/)
  })
})

describe('buildCallSql', () => {
  it('binds named arguments through json_to_record with their declared types', () => {
    const { sql, takesArgs } = buildCallSql(fn('pin', [['lon', 'double precision'], ['ids', 'uuid[]'], ['note', 'text', true]]), ['ids', 'lon'], 1000)
    expect(takesArgs).toBe(true)
    expect(sql).toContain('json_to_record($1::json) as _args("lon" double precision, "ids" uuid[])')
    expect(sql).toContain('public."pin"("lon" := _args."lon", "ids" := _args."ids")')
    expect(sql).not.toContain('note')
  })

  it('sends json and jsonb results as their own text, other scalars through to_json', () => {
    expect(buildCallSql(fn('layer', [], { returnsJson: true }), [], 10).sql).toContain(`coalesce((public."layer"())::text, 'null')`)
    expect(buildCallSql(fn('count', []), [], 10).sql).toContain('to_json(public."count"())')
  })

  it('caps set-returning functions at max rows', () => {
    const { sql } = buildCallSql(fn('rows', [], { returnsSet: true, returns: 'composite' }), [], 1000)
    expect(sql).toContain('limit 1000')
    expect(sql).toContain('json_agg(_r)')
  })

  it('quotes identifiers, so a name cannot break out of the statement', () => {
    const { sql } = buildCallSql(fn('f', [['a"b', 'text']]), ['a"b'], 10)
    expect(sql).toContain('"a""b" := _args."a""b"')
  })
})
