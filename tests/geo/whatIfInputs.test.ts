/**
 * The planner's what-if reads only what lies around a hypothetical provider
 * (src/data/whatIfInputs.ts, page by page from public.map_layer_page), and its answer is
 * the same as on the whole town read whole: the same streets with the same gaps before and
 * after, the same newly covered needs, the same changes per neighbourhood. On the demo
 * town in PGlite + PostGIS, with small pages so every layer takes many.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { buildGapModel } from '../../src/geo/buildGapModel.ts'
import { whatIf, type WhatIfResult } from '../../src/geo/whatIf.ts'
import { layerInBox, whatIfInputs, type LayerPage, type PageCall, type WhatIfInputs } from '../../src/data/whatIfInputs.ts'
import { createTestDatabase } from '../helpers/pglite.ts'
import { demoBbox } from '../helpers/server.ts'
import { destination, makeRng } from './helpers/prng.ts'

let db: PGlite
let town: WhatIfInputs
const PAGE = 97

const call: PageCall = async (a) => {
  const { rows } = await db.query<{ p: LayerPage }>(
    'select public.map_layer_page($1, $2, $3, $4, $5, null, $6, $7) as p',
    [a.layer, a.min_lon, a.min_lat, a.max_lon, a.max_lat, a.after, a.page_size],
  )
  return rows[0].p
}

beforeAll(async () => {
  db = await createTestDatabase({ demo: true })
  const box = [demoBbox.min_lon, demoBbox.min_lat, demoBbox.max_lon, demoBbox.max_lat] as const
  const [streets, needs, assets, enterprises] = await Promise.all([
    layerInBox('streets', [...box], undefined, call, PAGE),
    layerInBox('needs', [...box], undefined, call, PAGE),
    layerInBox('assets', [...box], undefined, call, PAGE),
    layerInBox('enterprises', [...box], undefined, call, PAGE),
  ])
  town = { streets, needs, assets, enterprises }
}, 120_000)

afterAll(async () => {
  await db?.close()
})

/** What a what-if changes, in a form two runs on different inputs can be compared by. */
function changes(r: WhatIfResult) {
  return {
    streets: r.streets.map((s) => [s.after.street_id, s.before.gap, s.after.gap]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    covered: r.newly_covered_needs,
    neighbourhoods: r.neighbourhoods
      .map((n) => [n.after.neighbourhood_id, n.after.covered_needs - n.before.covered_needs, +(n.after.gap - n.before.gap).toFixed(9)])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  }
}

describe('the what-if around a provider', () => {
  it('reads every feature of the town page by page, none twice', async () => {
    const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0].n
    expect(town.streets.features.length).toBe(await count('select count(*)::int as n from public.streets'))
    expect(town.needs.features.length).toBe(await count("select count(*)::int as n from public.needs where hidden_at is null and status in ('open', 'acknowledged', 'adopted')"))
    expect(town.needs.features.length).toBeGreaterThan(PAGE * 2)
    expect(new Set(town.needs.features.map((f) => f.properties.id)).size).toBe(town.needs.features.length)
  })

  it('gives the same changes as the whole town, for several places, catchments and topics', async () => {
    const { rows } = await db.query<{ slug: string }>('select slug from public.categories order by sort_order')
    const all = rows.map((r) => r.slug)
    const rng = makeRng(13)
    // Around needs (where the changes are) and a few places picked at random in the town.
    const needs = town.needs.features
    const points: [number, number][] = [
      ...Array.from({ length: 4 }, () => rng.pick(needs).geometry.coordinates as [number, number]),
      ...Array.from({ length: 2 }, () => destination([-3.4, 54.1], rng.float(0, 2500), rng.float(0, 360), 6_371_008.8)),
    ]
    let changed = 0
    for (const radiusM of [250, 400, 800]) {
      for (const categories of [null, ['food', 'youth', 'loneliness']]) {
        const whole = buildGapModel({ ...town, radiusM, categories })
        for (const [i, at] of points.entries()) {
          const offer = categories ?? all.filter((_, k) => (k + i) % 3 === 0)
          const local = await whatIfInputs(at[0], at[1], radiusM, undefined, call, PAGE)
          expect(local.needs.features.length).toBeLessThan(town.needs.features.length)
          const a = changes(whatIf(whole, { coordinates: at, categories: offer }))
          const b = changes(whatIf(buildGapModel({ ...local, radiusM, categories }), { coordinates: at, categories: offer }))
          expect(b, `${radiusM} m at ${at.join()}`).toEqual(a)
          if (a.streets.length > 0) changed++
        }
      }
    }
    expect(changed, 'some what-ifs change some streets').toBeGreaterThan(10)
  }, 240_000)
})
