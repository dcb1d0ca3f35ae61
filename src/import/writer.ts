/**
 * Writes features in batches with `insert … on conflict (source, source_id) do update`
 * (neighbourhoods: on their code), so re-importing a file updates rows in place and
 * never duplicates them; rows whose values did not change are left alone (no new
 * updated_at, no trigger work) and counted as unchanged. The caller owns the
 * transaction: see run.ts.
 */
import type { SqlClient } from '../db/migrations.ts'
import type {
  AssetFeature,
  ContextFeature,
  ImportItem,
  ImportSummary,
  NeighbourhoodFeature,
  PlaceFeature,
  StreetFeature,
  TableCounts,
  WardFeature,
} from './model.ts'

/** Rows per statement: large enough to amortise round trips, small enough for PGlite's memory. */
const batchSize = 500
/** Items listed per skip reason in the printed summary (all of them go to --report). */
const examplesPerReason = 5

const wktLine = (coords: [number, number][]) => `LINESTRING(${coords.map(([x, y]) => `${x} ${y}`).join(',')})`

// Rows already there as they are skip the insert altogether: a proposed row would run
// the neighbourhood trigger (a point-in-polygon search) only to be dropped by the
// conflict's where clause, which is this test's negation.
const upsertStreets = `
  insert into public.streets as s (source, source_id, name, highway, geom)
  select $1, r.source_id, r.name, r.highway, r.geom
  from (select r.source_id, r.name, r.highway, extensions.st_geogfromtext(r.wkt) as geom
        from jsonb_to_recordset($2::jsonb) as r(source_id text, name text, highway text, wkt text)) r
  where not exists (select 1 from public.streets o
                    where o.source = $1 and o.source_id = r.source_id
                      and o.name is not distinct from r.name and o.highway is not distinct from r.highway
                      and extensions.st_asbinary(o.geom) = extensions.st_asbinary(r.geom))
  on conflict (source, source_id) do update
    set name = excluded.name, highway = excluded.highway, geom = excluded.geom,
        -- A street that moved is placed again (the insert trigger already did it for
        -- the proposed row); one that did not keeps its neighbourhood.
        neighbourhood_id = case when extensions.st_asbinary(s.geom) = extensions.st_asbinary(excluded.geom)
                                then s.neighbourhood_id else excluded.neighbourhood_id end
    where s.name is distinct from excluded.name or s.highway is distinct from excluded.highway
       or extensions.st_asbinary(s.geom) is distinct from extensions.st_asbinary(excluded.geom)
  returning (xmax = 0) as inserted`

const upsertAssets = `
  insert into public.assets as a (source, source_id, name, categories, address, opening_hours, contact, website, geom)
  select $1, r.source_id, r.name, array(select jsonb_array_elements_text(r.categories)),
         r.address, r.opening_hours, r.contact, r.website,
         extensions.st_setsrid(extensions.st_makepoint(r.lon, r.lat), 4326)::extensions.geography
  from jsonb_to_recordset($2::jsonb) as r(source_id text, name text, categories jsonb, address text,
                                          opening_hours text, contact text, website text, lon float8, lat float8)
  on conflict (source, source_id) do update
    set name = excluded.name, categories = excluded.categories, address = excluded.address,
        opening_hours = excluded.opening_hours, contact = excluded.contact, website = excluded.website,
        geom = excluded.geom
    where (a.name, a.categories, a.address, a.opening_hours, a.contact, a.website)
          is distinct from (excluded.name, excluded.categories, excluded.address, excluded.opening_hours,
                            excluded.contact, excluded.website)
       or extensions.st_asbinary(a.geom) is distinct from extensions.st_asbinary(excluded.geom)
  returning (xmax = 0) as inserted`

// Generalised boundaries can self-touch; make them valid, keep only the polygons, and
// store them as a MultiPolygon whatever the file had.
const upsertNeighbourhoods = `
  with input as (
    select r.code, r.name, r.kind,
           extensions.st_multi(extensions.st_collectionextract(extensions.st_makevalid(
             extensions.st_setsrid(extensions.st_geomfromgeojson(r.geometry::text), 4326)), 3)) as geom
    from jsonb_to_recordset($2::jsonb) as r(code text, name text, kind text, geometry jsonb)
  )
  insert into public.neighbourhoods as n (code, name, kind, source, geom)
  select i.code, i.name, i.kind, $1, i.geom::extensions.geography from input i
  where not extensions.st_isempty(i.geom)
  on conflict (code) do update
    set name = excluded.name, kind = excluded.kind, source = excluded.source, geom = excluded.geom
    -- name holds the display name ("Ward (LSOA name)"); the file's name is base_name.
    where (n.base_name, n.kind, n.source) is distinct from (excluded.name, excluded.kind, excluded.source)
       or extensions.st_asbinary(n.geom) is distinct from extensions.st_asbinary(excluded.geom)
  returning (xmax = 0) as inserted`

const upsertPlaces = `
  insert into public.places as p (source, source_id, name, kind, geom)
  select $1, r.source_id, r.name, r.kind,
         extensions.st_setsrid(extensions.st_makepoint(r.lon, r.lat), 4326)::extensions.geography
  from jsonb_to_recordset($2::jsonb) as r(source_id text, name text, kind text, lon float8, lat float8)
  on conflict (source, source_id) do update
    set name = excluded.name, kind = excluded.kind, geom = excluded.geom
    where (p.name, p.kind) is distinct from (excluded.name, excluded.kind)
       or extensions.st_asbinary(p.geom) is distinct from extensions.st_asbinary(excluded.geom)
  returning (xmax = 0) as inserted`

// Areas made valid (a hand-drawn shore can self-touch); lines and points as they are.
const upsertContext = `
  with input as (
    select r.source_id, r.kind, r.name,
           case when r.geometry ->> 'type' in ('Polygon', 'MultiPolygon')
                then extensions.st_multi(extensions.st_collectionextract(extensions.st_makevalid(
                       extensions.st_setsrid(extensions.st_geomfromgeojson(r.geometry::text), 4326)), 3))
                else extensions.st_setsrid(extensions.st_geomfromgeojson(r.geometry::text), 4326) end as geom
    from jsonb_to_recordset($2::jsonb) as r(source_id text, kind text, name text, geometry jsonb)
  )
  insert into public.context_features as c (source, source_id, kind, name, geom)
  select $1, i.source_id, i.kind, i.name, i.geom::extensions.geography from input i
  where not extensions.st_isempty(i.geom)
  on conflict (source, source_id) do update
    set kind = excluded.kind, name = excluded.name, geom = excluded.geom
    where (c.kind, c.name) is distinct from (excluded.kind, excluded.name)
       or extensions.st_asbinary(c.geom) is distinct from extensions.st_asbinary(excluded.geom)
  returning (xmax = 0) as inserted`

const upsertWards = `
  with input as (
    select r.code, r.name,
           extensions.st_multi(extensions.st_collectionextract(extensions.st_makevalid(
             extensions.st_setsrid(extensions.st_geomfromgeojson(r.geometry::text), 4326)), 3)) as geom
    from jsonb_to_recordset($2::jsonb) as r(code text, name text, geometry jsonb)
  )
  insert into public.wards as w (code, name, source, geom)
  select i.code, i.name, $1, i.geom::extensions.geography from input i
  where not extensions.st_isempty(i.geom)
  on conflict (code) do update
    set name = excluded.name, source = excluded.source, geom = excluded.geom
    where (w.name, w.source) is distinct from (excluded.name, excluded.source)
       or extensions.st_asbinary(w.geom) is distinct from extensions.st_asbinary(excluded.geom)
  returning (xmax = 0) as inserted`

function website(url: string | null): string | null {
  if (!url) return null
  const trimmed = url.trim()
  if (/^https?:\/\/\S+$/i.test(trimmed) && trimmed.length <= 500) return trimmed
  if (/^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(trimmed) && trimmed.length <= 490) return `https://${trimmed}`
  return null
}

const within = (value: string | null, max: number) => (value && value.length <= max ? value : null)

export class FeatureWriter {
  private streets: StreetFeature[] = []
  private assets: AssetFeature[] = []
  private neighbourhoods: NeighbourhoodFeature[] = []
  private places: PlaceFeature[] = []
  private context: ContextFeature[] = []
  private wards: WardFeature[] = []
  private seen = {
    street: new Set<string>(), asset: new Set<string>(), neighbourhood: new Set<string>(), place: new Set<string>(),
    context: new Set<string>(), ward: new Set<string>(),
  }
  /** Codes of the neighbourhoods in this file, for re-placing streets afterwards. */
  readonly neighbourhoodCodes: string[] = []

  constructor(
    private readonly db: SqlClient,
    private readonly source: string,
    private readonly summary: ImportSummary,
    private readonly knownCategories: ReadonlySet<string>,
    /** Keep every skipped item (for --report), not just a few examples per reason. */
    private readonly keepAllSkipped = false,
    readonly skippedItems: { reason: string; item?: string }[] = [],
  ) {}

  skip(reason: string, item?: string): void {
    const s = this.summary.skipped
    s.total++
    s.reasons[reason] = (s.reasons[reason] ?? 0) + 1
    if (item) {
      const examples = (s.examples[reason] ??= [])
      if (examples.length < examplesPerReason) examples.push(item)
    }
    if (this.keepAllSkipped) this.skippedItems.push({ reason, item })
  }

  private note(note: string): void {
    this.summary.notes[note] = (this.summary.notes[note] ?? 0) + 1
  }

  async add(item: ImportItem): Promise<void> {
    switch (item.type) {
      case 'skip':
        return this.skip(item.reason, item.item)
      case 'note':
        return this.note(item.note)
      case 'street':
        if (this.firstTime('street', item.sourceId)) this.streets.push(item)
        if (this.streets.length >= batchSize) await this.flushStreets()
        return
      case 'asset': {
        const categories = item.categories.filter((c) => this.knownCategories.has(c))
        if (!categories.length) return this.skip(`categories unknown to this database (${item.categories.join(', ')})`, item.sourceId)
        if (this.firstTime('asset', item.sourceId)) this.assets.push({ ...item, categories })
        if (this.assets.length >= batchSize) await this.flushAssets()
        return
      }
      case 'place':
        if (this.firstTime('place', item.sourceId)) this.places.push(item)
        if (this.places.length >= batchSize) await this.flushPlaces()
        return
      case 'context':
        if (this.firstTime('context', item.sourceId)) this.context.push(item)
        if (this.context.length >= 200) await this.flushContext()
        return
      case 'ward':
        if (this.firstTime('ward', item.code)) this.wards.push(item)
        if (this.wards.length >= 50) await this.flushWards()
        return
      case 'neighbourhood':
        if (this.firstTime('neighbourhood', item.code)) {
          this.neighbourhoods.push(item)
          this.neighbourhoodCodes.push(item.code)
        }
        // Boundaries are big (thousands of vertices): smaller batches.
        if (this.neighbourhoods.length >= 50) await this.flushNeighbourhoods()
        return
    }
  }

  private firstTime(table: keyof FeatureWriter['seen'], id: string): boolean {
    if (this.seen[table].has(id)) {
      this.skip('the same id appears again later in the file', id)
      return false
    }
    this.seen[table].add(id)
    return true
  }

  async flush(): Promise<void> {
    await this.flushStreets()
    await this.flushAssets()
    await this.flushNeighbourhoods()
    await this.flushPlaces()
    await this.flushContext()
    await this.flushWards()
  }

  /** Rows sent to the database so far (for progress on long writes). */
  written = 0

  private async run(sql: string, rows: unknown[], counts: TableCounts): Promise<void> {
    if (!rows.length) return
    this.written += rows.length
    const result = await this.db.query<{ inserted: boolean }>(sql, [this.source, JSON.stringify(rows)])
    let inserted = 0
    for (const r of result.rows) if (r.inserted) inserted++
    counts.inserted += inserted
    counts.updated += result.rows.length - inserted
    counts.unchanged += rows.length - result.rows.length
  }

  private async flushStreets(): Promise<void> {
    const rows = this.streets.map((s) => ({
      source_id: s.sourceId,
      name: s.name ? s.name.slice(0, 200) : null,
      highway: s.highway,
      wkt: wktLine(s.coordinates),
    }))
    this.streets = []
    await this.run(upsertStreets, rows, this.summary.streets)
  }

  private async flushAssets(): Promise<void> {
    const rows = this.assets.map((a) => ({
      source_id: a.sourceId,
      name: a.name.slice(0, 200),
      categories: a.categories,
      address: within(a.address, 300),
      opening_hours: within(a.openingHours, 300),
      contact: within(a.contact, 300),
      website: website(a.website),
      lon: a.lon,
      lat: a.lat,
    }))
    this.assets = []
    await this.run(upsertAssets, rows, this.summary.assets)
  }

  private async flushPlaces(): Promise<void> {
    const rows = this.places.map((p) => ({ source_id: p.sourceId, name: p.name.slice(0, 200), kind: p.kind, lon: p.lon, lat: p.lat }))
    this.places = []
    await this.run(upsertPlaces, rows, this.summary.places)
  }

  private async flushContext(): Promise<void> {
    if (!this.context.length) return
    const rows = this.context.map((c) => ({ source_id: c.sourceId, kind: c.kind, name: c.name ? c.name.slice(0, 200) : null, geometry: c.geometry }))
    this.context = []
    await this.run(upsertContext, rows, (this.summary.context ??= { inserted: 0, updated: 0, unchanged: 0 }))
  }

  private async flushWards(): Promise<void> {
    if (!this.wards.length) return
    const rows = this.wards.map((w) => ({ code: w.code, name: w.name, geometry: w.geometry }))
    this.wards = []
    await this.run(upsertWards, rows, (this.summary.wards ??= { inserted: 0, updated: 0, unchanged: 0, linked: 0 }))
  }

  private async flushNeighbourhoods(): Promise<void> {
    const rows = this.neighbourhoods.map((n) => ({ code: n.code, name: n.name, kind: n.kind, geometry: n.geometry }))
    this.neighbourhoods = []
    await this.run(upsertNeighbourhoods, rows, this.summary.neighbourhoods)
  }
}

/**
 * After boundaries change, puts each street in the neighbourhood containing its
 * midpoint (the rule the streets trigger applies on insert), and moves needs with
 * their street. Only streets near the imported areas, or assigned to one of them, are
 * looked at; where areas overlap (wards over LSOAs) the imported ones win, then the
 * smallest, so the choice is stable.
 */
export async function reassignStreets(db: SqlClient, codes: string[]): Promise<{ streets: number; needs: number }> {
  if (!codes.length) return { streets: 0, needs: 0 }
  const streets = await db.query<{ n: number }>(
    `with imported as (
       select id, geom from public.neighbourhoods where code = any($1::text[])
     ), candidates as (
       select s.id, s.neighbourhood_id,
              extensions.st_lineinterpolatepoint(s.geom::extensions.geometry, 0.5)::extensions.geography as mid
       from public.streets s
       where s.neighbourhood_id in (select id from imported)
          -- Bounding boxes only (index-assisted); the midpoint test below decides.
          or exists (select 1 from imported i where i.geom operator(extensions.&&) s.geom)
     ), placed as (
       select c.id, c.neighbourhood_id as old_id,
              -- The index narrows by bounding box; the planar containment test then
              -- agrees with the trigger's geography test except within millimetres of
              -- an edge (boundary edges are short), and is many times faster.
              (select n.id from public.neighbourhoods n
               where n.geom operator(extensions.&&) c.mid
                 and extensions.st_intersects(n.geom::extensions.geometry, c.mid::extensions.geometry)
               order by (n.code = any($1::text[])) desc, extensions.st_area(n.geom::extensions.geometry), n.code
               limit 1) as new_id
       from candidates c
     ), moved as (
       update public.streets s set neighbourhood_id = p.new_id
       from placed p
       where s.id = p.id and p.new_id is distinct from p.old_id
       returning s.id
     )
     select count(*)::int as n from moved`,
    [codes],
  )
  const needs = await db.query<{ n: number }>(
    `with moved as (
       update public.needs n set neighbourhood_id = s.neighbourhood_id
       from public.streets s
       where s.id = n.street_id and n.neighbourhood_id is distinct from s.neighbourhood_id
       returning n.id
     )
     select count(*)::int as n from moved`,
  )
  return { streets: streets.rows[0].n, needs: needs.rows[0].n }
}

/** Links each neighbourhood to the ward it overlaps most (and names it after it); returns how many have one. */
export async function linkWards(db: SqlClient): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select private.link_wards() as n')
  return rows[0].n
}

/** Recomputes streets as people know them (when streets, places or boundaries changed), and counts them. */
export async function regroupStreets(db: SqlClient, refresh = true): Promise<{ streets: number; unnamed: number }> {
  if (refresh) await db.query('select private.refresh_street_groups()')
  const { rows } = await db.query<{ streets: number; unnamed: number }>(
    'select count(*)::int as streets, (count(*) filter (where name is null))::int as unnamed from public.street_groups',
  )
  return rows[0]
}

/** Assets of a source that no neighbourhood serves (none within 200 m): worth a warning. */
export async function assetsOutsideServedArea(db: SqlClient, source: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from public.assets a
     where a.source = $1 and exists (select 1 from public.neighbourhoods)
       and not private.in_served_area(a.geom)`,
    [source],
  )
  return rows[0].n
}
