/**
 * The benchmark's town: the demo town (data/demo/generate.mjs) tiled on a grid of
 * copies side by side, each copy with its needs multiplied (the demo's own, plus copies
 * in other categories on streets anywhere in the tile) and its providers doubled (a
 * second set moved a few hundred metres, serving other categories). Deterministic: the
 * same arguments give the same town. Loaded into a database directly (not through private.record_need: snapping
 * 20,000 needs would time the snapping, not the gaps).
 */
import { generateDemoTown } from '../../data/demo/generate.mjs'
import { makeRng } from '../geo/helpers/prng.ts'
import type { SqlClient } from '../../src/db/migrations.ts'

export interface ScaleOptions {
  tilesX: number
  tilesY: number
  /** Needs per demo need and tile (the demo has 400). */
  needCopies: number
  /** Providers per demo provider and tile (the demo has 110). */
  providerCopies: number
}

export const DEFAULT_SCALE: ScaleOptions = { tilesX: 5, tilesY: 2, needCopies: 5, providerCopies: 2 }

export function scaledDemoTown(o: ScaleOptions = DEFAULT_SCALE) {
  const town = generateDemoTown()
  const rng = makeRng(5000)
  const status = new Map<string, string>()
  for (const c of town.needStatusChanges) status.set(c.needId, c.status)
  const supporters = new Map<string, number>()
  for (const s of town.needSupports) supporters.set(s.needId, (supporters.get(s.needId) ?? 0) + 1)
  const cats = town.categories
  // The town spans about 0.062° of longitude and 0.045° of latitude; tiles leave a gap.
  const DX = 0.07
  const DY = 0.05
  const out = {
    neighbourhoods: [] as { code: string; name: string; ring: number[][] }[],
    streets: [] as { id: string; name: string; highway: string; coords: number[][] }[],
    needs: [] as { id: string; category: string; status: string; street_id: string; supporters: number; lon: number; lat: number }[],
    assets: [] as { id: string; categories: string[]; lon: number; lat: number }[],
    enterprises: [] as { id: string; categories: string[]; status: string; lon: number; lat: number }[],
  }
  for (let tx = 0; tx < o.tilesX; tx++) {
    for (let ty = 0; ty < o.tilesY; ty++) {
      const tile = `${tx}-${ty}`
      const shift = ([lon, lat]: number[]) => [lon + tx * DX, lat + ty * DY]
      for (const n of town.neighbourhoods) {
        out.neighbourhoods.push({ code: `${n.code}-${tile}`, name: `${n.name} ${tile}`, ring: n.polygon.map(shift) })
      }
      const streetIds = new Map<string, string>()
      for (const s of town.streets) {
        const id = rng.uuid()
        streetIds.set(s.id, id)
        out.streets.push({ id, name: s.name, highway: s.highway, coords: s.coordinates.map(shift) })
      }
      for (const [i, n] of town.needs.entries()) {
        for (let k = 0; k < o.needCopies; k++) {
          // The first copy is the demo need itself (hotspots and all); the others go to a
          // street anywhere in the tile, at one of its vertices, so demand spreads out.
          const street = k === 0 ? null : rng.pick(town.streets)
          const [lon, lat] = shift(street ? rng.pick(street.coordinates) : n.location)
          out.needs.push({
            id: rng.uuid(),
            category: k === 0 ? n.category : cats[(cats.indexOf(n.category) + 3 * k + i) % cats.length],
            status: status.get(n.id) ?? 'open',
            street_id: streetIds.get(street ? street.id : n.streetId)!,
            supporters: k === 0 ? (supporters.get(n.id) ?? 0) : rng.int(0, 3),
            lon: lon + (k === 0 ? 0 : rng.float(-0.0001, 0.0001)),
            lat: lat + (k === 0 ? 0 : rng.float(-0.00008, 0.00008)),
          })
        }
      }
      for (let k = 0; k < o.providerCopies; k++) {
        const move = ([lon, lat]: number[]) =>
          k === 0 ? shift([lon, lat]) : shift([lon + rng.float(-0.005, 0.005), lat + rng.float(-0.003, 0.003)])
        const rotate = (c: string[]) => (k === 0 ? c : [...new Set(c.map((x) => cats[(cats.indexOf(x) + 5 * k) % cats.length]))])
        for (const a of town.assets) {
          const [lon, lat] = move(a.location)
          out.assets.push({ id: rng.uuid(), categories: rotate(a.categories), lon, lat })
        }
        for (const e of town.enterprises) {
          const [lon, lat] = move(e.location)
          out.enterprises.push({ id: rng.uuid(), categories: rotate(e.categories), status: e.status, lon, lat })
        }
      }
    }
  }
  return out
}
export type ScaledTown = ReturnType<typeof scaledDemoTown>

const wkt = (coords: number[][]) => coords.map(([x, y]) => `${x} ${y}`).join(', ')

/** Inserts the town into a migrated database (as its owner). */
export async function loadScaledTown(db: SqlClient, town: ScaledTown): Promise<void> {
  const q = (sql: string, rows: unknown[]) => db.query(sql, [JSON.stringify(rows)])
  await db.exec('begin')
  try {
    await q(
      `insert into public.neighbourhoods (code, name, source, geom)
       select x ->> 'code', x ->> 'name', 'bench', extensions.st_geomfromtext('MULTIPOLYGON(((' || (x ->> 'wkt') || ')))', 4326)
       from jsonb_array_elements($1::jsonb) x`,
      town.neighbourhoods.map((n) => ({ code: n.code, name: n.name, wkt: wkt(n.ring) })),
    )
    await q(
      `insert into public.streets (id, name, highway, source, source_id, geom)
       select (x ->> 'id')::uuid, x ->> 'name', x ->> 'highway', 'bench', x ->> 'id',
              extensions.st_geomfromtext('LINESTRING(' || (x ->> 'wkt') || ')', 4326)::extensions.geography
       from jsonb_array_elements($1::jsonb) x`,
      town.streets.map((s) => ({ id: s.id, name: s.name, highway: s.highway, wkt: wkt(s.coords) })),
    )
    await q(
      `insert into public.needs (id, category, body, status, street_id, neighbourhood_id, public_geom, supporters_count)
       select (x ->> 'id')::uuid, x ->> 'category', 'A benchmark need', x ->> 'status', (x ->> 'street_id')::uuid,
              (select s.neighbourhood_id from public.streets s where s.id = (x ->> 'street_id')::uuid),
              extensions.st_setsrid(extensions.st_makepoint((x ->> 'lon')::float8, (x ->> 'lat')::float8), 4326)::extensions.geography,
              (x ->> 'supporters')::int
       from jsonb_array_elements($1::jsonb) x`,
      town.needs,
    )
    await q(
      `insert into public.assets (id, name, categories, source, geom)
       select (x ->> 'id')::uuid, 'Benchmark asset', array(select jsonb_array_elements_text(x -> 'categories')), 'bench',
              extensions.st_setsrid(extensions.st_makepoint((x ->> 'lon')::float8, (x ->> 'lat')::float8), 4326)::extensions.geography
       from jsonb_array_elements($1::jsonb) x`,
      town.assets,
    )
    await q(
      `insert into public.enterprises (id, name, social_goal, categories, status, source, geom)
       select (x ->> 'id')::uuid, 'Benchmark enterprise', 'A benchmark enterprise',
              array(select jsonb_array_elements_text(x -> 'categories')), x ->> 'status', 'bench',
              extensions.st_setsrid(extensions.st_makepoint((x ->> 'lon')::float8, (x ->> 'lat')::float8), 4326)::extensions.geography
       from jsonb_array_elements($1::jsonb) x`,
      town.enterprises,
    )
    await db.exec('commit')
  } catch (error) {
    await db.exec('rollback')
    throw error
  }
  await db.exec('analyze')
}
