/**
 * Whole Rutland as the benchmarks use it: streets, assets and places imported from
 * ../shared/data/osm-rutland-oakham/rutland-latest.osm.pbf with the project's importer,
 * LSOA boundaries from ../shared/data/ons-boundaries-2011, and synthetic needs
 * (fixed-seed PRNG) on random points of random streets: the same on every engine.
 */
import path from 'node:path'
import { runImport } from '../../src/import/run.ts'
import { repoRoot, type SqlClient } from '../../src/db/migrations.ts'
import { makeRng } from '../geo/helpers/prng.ts'

const shared = path.join(repoRoot, '..', 'shared', 'data')
export const RUTLAND_PBF = path.join(shared, 'osm-rutland-oakham', 'rutland-latest.osm.pbf')
export const RUTLAND_LSOA = path.join(shared, 'ons-boundaries-2011', 'rutland_lsoa2011.geojson')

// Skewed like real demand: a few topics carry most needs.
const CATEGORIES = ['food', 'loneliness', 'mental-health', 'youth', 'older-people', 'transport', 'digital', 'money-debt',
  'childcare', 'housing', 'skills-work', 'green-space', 'safety', 'health', 'culture', 'sport', 'disability']
const WEIGHTS = CATEGORIES.map((_, i) => 1 / (i + 1))

/** 20,000 needs on random points of random streets, from a fixed seed: the same on every engine. */
export async function addSyntheticNeeds(db: SqlClient, count: number) {
  const rng = makeRng(14)
  const streets = (await db.query<{ id: string }>('select id from public.streets order by source, source_id, id')).rows
  const user = '00000000-0000-4000-8000-000000000014'
  await db.query(`insert into auth.users (id, aud, role, email, is_anonymous) values ($1, 'authenticated', 'authenticated', null, true)
                  on conflict do nothing`, [user])
  const total = WEIGHTS.reduce((a, b) => a + b, 0)
  const pickCategory = () => {
    let x = rng.next() * total
    for (let i = 0; i < WEIGHTS.length; i++) if ((x -= WEIGHTS[i]) < 0) return CATEGORIES[i]
    return CATEGORIES[0]
  }
  for (let start = 0; start < count; start += 5000) {
    const n = Math.min(5000, count - start)
    const ids: string[] = [], street: string[] = [], frac: number[] = [], cat: string[] = [], days: number[] = [], supp: number[] = []
    for (let i = 0; i < n; i++) {
      ids.push(rng.uuid())
      street.push(rng.pick(streets).id)
      frac.push(rng.next())
      cat.push(pickCategory())
      days.push(rng.int(0, 400))
      supp.push(rng.chance(0.3) ? rng.int(1, 6) : 0)
    }
    await db.query(
      `with x as (
         select * from unnest($1::uuid[], $2::uuid[], $3::float8[], $4::text[], $5::int[], $6::int[])
           as x (id, street_id, frac, category, days, supporters)
       ), placed as (
         insert into public.needs (id, category, body, street_id, neighbourhood_id, public_geom, supporters_count,
                                   created_at, status_changed_at)
         select x.id, x.category, 'A synthetic need for the briefs benchmark', s.id, s.neighbourhood_id,
                extensions.st_lineinterpolatepoint(s.geom::extensions.geometry, x.frac)::extensions.geography,
                x.supporters, now() - make_interval(days => x.days), now() - make_interval(days => x.days)
         from x join public.streets s on s.id = x.street_id
         returning id, public_geom
       )
       insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m)
       select p.id, $7::uuid, p.public_geom, 0 from placed p`,
      [ids, street, frac, cat, days, supp, user],
    )
  }
}

/** Rutland's LSOAs, then its OpenStreetMap extract, then `needs` synthetic needs. */
export async function loadRutland(db: SqlClient, needs = 20_000): Promise<void> {
  await runImport(db, RUTLAND_LSOA, { nameProperty: 'LSOA11NM', codeProperty: 'LSOA11CD', kind: 'lsoa' })
  await runImport(db, RUTLAND_PBF)
  await addSyntheticNeeds(db, needs)
  await db.exec('analyze')
}
