/**
 * Hostile input, generated: every API function and every auth route gets deep JSON
 * (10,000 levels), arrays of 7 dimensions, NUL bytes and bad Unicode escapes, numbers
 * JSON cannot carry, wrong types, bodies over the limit and broken JSON, from a
 * visitor, an anonymous resident and a confirmed account. None may get a 5xx, none may
 * print a stack trace, and a refused request must write nothing: a digest of every
 * table is taken after each request and compared with the one before. The status
 * histogram is printed for the record (rate limits are off here, so every request
 * reaches the code it is aimed at).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { defaultRateLimits } from '../../src/server/config.ts'
import { hashPassword } from '../../src/server/gotrue/accounts.ts'
import { createConfirmedAccount } from '../helpers/accounts.ts'
import { startTestServer, supabaseFor, type TestServer } from '../helpers/server.ts'

interface Probe {
  label: string
  method: string
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
}

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels)
const deepObject = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels)
const sevenDims = '[[[[[[["a"]]]]]]]'

/** Hostile JSON texts for one value slot (already serialised, so broken ones can be sent). */
const HOSTILE_VALUES: Array<[string, string]> = [
  ['deep array', deepArray(10_000)],
  ['deep object', deepObject(10_000)],
  ['7 dimensions', sevenDims],
  ['NUL', '"a\\u0000b"'],
  ['lone surrogate', '"\\ud800"'],
  ['reversed surrogates', '"\\udc00\\ud800"'],
  ['bad escape', '"\\u12G4"'],
  ['huge number', '1e400'],
  ['huge negative', '-1e400'],
  ['huge integer', '123456789012345678901234567890'],
  ['max float', '1.7976931348623157e308'],
  ['object', '{"x":1}'],
  ['array of objects', '[{"x":1},{"y":[2]}]'],
  ['boolean', 'true'],
  ['empty string', '""'],
  ['long string', JSON.stringify('x'.repeat(20_000))],
  ['html', '"<script>alert(1)</script>"'],
  ['nested nul array', '["a","\\u0000"]'],
]

const BROKEN_BODIES: Array<[string, string | Buffer]> = [
  ['truncated', '{"a":'],
  ['not an object', '[1,2]'],
  ['a string', '"x"'],
  ['null', 'null'],
  ['invalid utf-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ['over the limit', JSON.stringify({ a: 'x'.repeat(70 * 1024) })],
  ['deep at top', deepObject(10_000)],
]

describe('hostile input never gets a 5xx and a refused request writes nothing', () => {
  let server: TestServer
  let tokens: Record<string, string>
  let functions: Array<{ name: string; args: Array<{ name: string; type: string }> }>

  beforeAll(async () => {
    const off = Object.fromEntries(Object.keys(defaultRateLimits).map((k) => [k, 0])) as unknown as typeof defaultRateLimits
    // No demo town: every function is there, and the digest after each request stays quick.
    server = await startTestServer({ rateLimits: off, seedFile: null })
    const anonKey = server.keys.anonKey
    const resident = supabaseFor(server.url, anonKey)
    const { data } = await resident.auth.signInAnonymously()
    const email = `fuzz-${randomUUID()}@example.org`
    const hash = await hashPassword('fuzz password 1')
    await server.db.transaction((tx) => createConfirmedAccount(tx, email, hash, ['moderator']))
    const member = supabaseFor(server.url, anonKey)
    const signedIn = await member.auth.signInWithPassword({ email, password: 'fuzz password 1' })
    tokens = { visitor: anonKey, resident: data.session!.access_token, member: signedIn.data.session!.access_token }
    const { rows } = await server.db.transaction((tx) =>
      tx.query<{ name: string; args: string }>(
        `select p.proname as name, pg_get_function_identity_arguments(p.oid) as args
         from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prokind = 'f'
           and has_function_privilege('authenticated', p.oid, 'execute')
         order by 1`,
      ),
    )
    // "need_id uuid, note text" → [{name, type}]
    functions = rows.map((r) => ({
      name: r.name,
      args: r.args ? r.args.split(', ').map((a) => ({ name: a.slice(0, a.indexOf(' ')), type: a.slice(a.indexOf(' ') + 1) })) : [],
    }))
  }, 600_000)
  afterAll(async () => server?.stop())

  /** Changes in any row of any table (insert, update or delete) change this. */
  async function digest(): Promise<string> {
    const { rows } = await server.db.transaction(async (tx) => {
      const tables = await tx.query<{ t: string }>(
        `select format('%I.%I', schemaname, tablename) as t from pg_tables
         where schemaname in ('public', 'auth', 'private') order by 1`,
      )
      const sql = tables.rows
        .map((r) => `select '${r.t}' as t, count(*)::text || ':' || coalesce(sum(hashtext(ctid::text || xmin::text))::text, '0') as h from ${r.t}`)
        .join(' union all ')
      return tx.query<{ t: string; h: string }>(sql)
    }, { readOnly: true })
    return rows.map((r) => `${r.t}=${r.h}`).sort().join(';')
  }

  function probes(): Probe[] {
    const random = prng(11)
    const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)]
    const who = () => pick(['visitor', 'resident', 'member'])
    const auth = (caller: string) => ({ apikey: server.keys.anonKey, Authorization: `Bearer ${tokens[caller]}`, 'Content-Type': 'application/json' })
    const list: Probe[] = []
    for (const fn of functions) {
      const path = `/rest/v1/rpc/${fn.name}`
      const slots = fn.args.length ? fn.args : [{ name: 'unexpected', type: 'text' }]
      for (const [label, value] of HOSTILE_VALUES) {
        const slot = pick(slots)
        // The other arguments plausible, so the hostile one is what decides.
        const others = fn.args.filter((a) => a.name !== slot.name).map((a) => `"${a.name}":${a.type.endsWith('[]') ? '["food"]' : a.type === 'uuid' ? `"${randomUUID()}"` : /int|float|double|numeric/.test(a.type) ? '1' : '"street"'}`)
        const body = `{${[...others, `"${slot.name}":${value}`].join(',')}}`
        const caller = who()
        list.push({ label: `${fn.name}.${slot.name} ${label} as ${caller}`, method: 'POST', path, headers: auth(caller), body })
      }
      for (const [label, body] of BROKEN_BODIES.slice(0, 3)) {
        list.push({ label: `${fn.name} ${label}`, method: 'POST', path, headers: auth(who()), body })
      }
      const slot = pick(slots)
      list.push({ label: `${fn.name} GET with NUL`, method: 'GET', path: `${path}?${slot.name}=a%00b`, headers: auth(who()) })
      list.push({ label: `${fn.name} GET with a broken escape`, method: 'GET', path: `${path}?${slot.name}=%E0%A4%A`, headers: auth(who()) })
    }
    for (const [label, body] of BROKEN_BODIES) {
      list.push({ label: `pin_need ${label}`, method: 'POST', path: '/rest/v1/rpc/pin_need', headers: auth('resident'), body })
    }

    const authRoutes: Array<{ path: string; method: string; fields: string[]; caller?: string }> = [
      { path: '/auth/v1/signup', method: 'POST', fields: ['email', 'password', 'data', 'phone'] },
      { path: '/auth/v1/token?grant_type=password', method: 'POST', fields: ['email', 'password'] },
      { path: '/auth/v1/token?grant_type=refresh_token', method: 'POST', fields: ['refresh_token'] },
      { path: '/auth/v1/user', method: 'PUT', fields: ['email', 'password', 'data'], caller: 'member' },
      { path: '/auth/v1/user', method: 'PUT', fields: ['email', 'password', 'data'], caller: 'resident' },
      { path: '/auth/v1/verify', method: 'POST', fields: ['type', 'token_hash', 'token', 'email'] },
      { path: '/auth/v1/resend', method: 'POST', fields: ['type', 'email'] },
      { path: '/auth/v1/otp', method: 'POST', fields: ['email', 'phone'] },
      { path: '/auth/v1/invite', method: 'POST', fields: ['email', 'data'], caller: 'member' },
      { path: '/auth/v1/logout?scope=global', method: 'POST', fields: [], caller: 'resident' },
    ]
    const plain: Record<string, string> = { email: '"someone@example.org"', password: '"long enough pass"', type: '"signup"', token_hash: '"abc"', refresh_token: '"abc"' }
    for (const route of authRoutes) {
      const headers = { apikey: server.keys.anonKey, 'Content-Type': 'application/json', ...(route.caller ? { Authorization: `Bearer ${tokens[route.caller]}` } : {}) }
      for (const field of route.fields.length ? route.fields : ['scope']) {
        for (const [label, value] of HOSTILE_VALUES) {
          const others = route.fields.filter((f) => f !== field && plain[f]).map((f) => `"${f}":${plain[f]}`)
          list.push({ label: `${route.method} ${route.path} ${field} ${label}`, method: route.method, path: route.path, headers, body: `{${[...others, `"${field}":${value}`].join(',')}}` })
        }
      }
      for (const [label, body] of BROKEN_BODIES) list.push({ label: `${route.method} ${route.path} ${label}`, method: route.method, path: route.path, headers, body })
    }
    for (const [label, value] of [['NUL', 'a%00b'], ['broken escape', '%E0%A4%A'], ['huge', 'x'.repeat(6000)], ['surrogate', '%ED%A0%80']]) {
      list.push({ label: `GET verify token ${label}`, method: 'GET', path: `/auth/v1/verify?type=signup&token=${value}&redirect_to=${value}` })
      list.push({ label: `GET verify type ${label}`, method: 'GET', path: `/auth/v1/verify?type=${value}&token=abc` })
      list.push({ label: `GET user with a bad bearer ${label}`, method: 'GET', path: '/auth/v1/user', headers: { apikey: server.keys.anonKey, Authorization: `Bearer ${value}` } })
      list.push({ label: `GET function name ${label}`, method: 'GET', path: `/rest/v1/rpc/${value}`, headers: { apikey: server.keys.anonKey } })
    }
    return list
  }

  it('answers at least 1,000 generated hostile requests with 0 × 5xx, no stack trace, nothing written when refused', async () => {
    const all = probes()
    expect(all.length).toBeGreaterThanOrEqual(1000)
    const errors = vi.spyOn(console, 'error')
    const histogram = new Map<number, number>()
    const serverErrors: string[] = []
    const leaks: string[] = []
    let before = await digest()
    for (const probe of all) {
      const response = await fetch(`${server.url}${probe.path}`, { method: probe.method, headers: probe.headers, body: probe.body as BodyInit | undefined, redirect: 'manual' })
      await response.arrayBuffer()
      histogram.set(response.status, (histogram.get(response.status) ?? 0) + 1)
      if (response.status >= 500) serverErrors.push(`${response.status} ${probe.label}`)
      const after = await digest()
      if (response.status >= 400 && after !== before) leaks.push(`${response.status} ${probe.label}`)
      before = after
    }
    const printed = errors.mock.calls.map((c) => c.join(' ').slice(0, 200))
    errors.mockRestore()
    const sorted = [...histogram.entries()].sort((a, b) => a[0] - b[0])
    console.log(`fuzz: ${all.length} requests; status histogram ${sorted.map(([s, n]) => `${s}×${n}`).join(', ')}; 5xx: ${serverErrors.length}`)
    expect(serverErrors).toEqual([])
    expect(leaks).toEqual([])
    expect(printed).toEqual([])
  }, 900_000)
})
