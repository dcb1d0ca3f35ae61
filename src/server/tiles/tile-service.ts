/**
 * `map_tile` as the embedded backend serves it: the same bytes and headers as PostgREST
 * on hosted Supabase, plus a memory cache so a repeat view costs no database work.
 *
 * The one decision between engines lives here: with ST_AsMVT (Postgres built with
 * protobuf-c) the tile is public.map_tile itself; without it (PGlite) the features come
 * from private.tile_features and encode-mvt.ts writes the protobuf.
 *
 * Freshness: a cached tile is answered without asking the database only while no write
 * went through this process since it was checked (the write epoch) and this process is
 * the only writer (PGlite). Otherwise its ETag is asked first (one small query, no
 * features) and the tile recomputed only when it changed.
 *
 * Tiles to make or check on PGlite: its one connection makes them queue, and each
 * statement (with its transaction) costs more than a street-zoom tile's SQL; so the tiles
 * waiting at the moment the connection is free are made (or checked: features only for
 * those whose ETag moved) in one statement, each as alone.
 */
import { gzip } from '../compress.ts'
import type { Queryable } from '../../db/database.ts'
import { encodeLayer, type TileFeature } from './encode-mvt.ts'
import type { WriteEpoch } from './write-epoch.ts'

export const TILE_FUNCTION = 'map_tile'
export const TILE_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile'

/** The tile's arguments, typed by Postgres (a bad value is its 22P02, as for any rpc). */
const ARGS = `pg_catalog.json_to_record($1::json) as a(layer text, z int, x int, y int, categories text[])`
const ETAG_SQL = `select private.tile_etag(a.layer, a.z, a.x, a.y, a.categories) as etag,
                         pg_catalog.current_setting('response.headers', true) as headers from ${ARGS}`
const MVT_SQL = `select public.map_tile(a.layer, a.z, a.x, a.y, a.categories)::bytea as tile from ${ARGS}`
const FEATURES_SQL = `select coalesce(pg_catalog.json_agg(pg_catalog.json_build_object(
                        'id', f.fid, 'geometry', extensions.st_asgeojson(f.geom, 0)::json, 'properties', f.props)), '[]')::text as features
                      from ${ARGS} cross join lateral private.tile_features(a.layer, a.z, a.x, a.y, a.categories) f`

/**
 * A tile nobody asked for yet, in one statement: its ETag (with the response headers)
 * and its bytes or features. The subqueries keep the order: the ETag first.
 */
const FIRST_MVT_SQL = `select t.tile, pg_catalog.current_setting('response.headers', true) as headers
                       from (${MVT_SQL} offset 0) t`
const FIRST_FEATURES_SQL = `select e.etag, e.headers, t.features from (${ETAG_SQL} offset 0) e
                            cross join lateral (${FEATURES_SQL} where e.etag is not null) t`

/**
 * Several tiles, in one statement (a JSON array of their arguments): per tile, in order,
 * its ETag (with the response headers, read row by row) and, unless it is still the
 * cached one the caller names (`known`), its features. A tile nobody asked for yet gets
 * what FIRST_FEATURES_SQL gives for it alone; a cached one after a write, no features
 * when nothing in it changed.
 */
const BATCH_FEATURES_SQL = `select e.etag, e.headers, t.features
  from (select r.n, a.*, r.args->>'known' as known, private.tile_etag(a.layer, a.z, a.x, a.y, a.categories) as etag,
               pg_catalog.current_setting('response.headers', true) as headers
        from pg_catalog.json_array_elements($1::json) with ordinality r(args, n)
        cross join lateral pg_catalog.json_to_record(r.args) as a(layer text, z int, x int, y int, categories text[])
        offset 0) e
  cross join lateral (select case when e.etag is distinct from e.known then (
                        select coalesce(pg_catalog.json_agg(pg_catalog.json_build_object(
                          'id', f.fid, 'geometry', extensions.st_asgeojson(f.geom, 0)::json, 'properties', f.props)), '[]')::text
                        from private.tile_features(e.layer, e.z, e.x, e.y, e.categories) f) end as features) t
  order by e.n`

/** The most tiles one statement answers: enough for 20 clients, short enough to keep each answer quick. */
const MAX_BATCH = 32
/**
 * Only tiles from street zoom are made together: each is a few milliseconds, so the
 * statement's own cost is a large part of it. Below, a tile can take a few hundred
 * (whole layers of a town), and 32 of them would run into the callers' statement_timeout.
 */
const BATCH_MIN_ZOOM = 14

export interface TileResponse {
  status: 200 | 304
  headers: Record<string, string>
  body: Buffer
}

/** A cached tile as made, before the epoch it was checked at. */
type Tile = Omit<Entry, 'epoch'>

interface Entry {
  etag: string
  headers: Record<string, string>
  body: Buffer
  gzipped?: Buffer
  /** The write epoch before the read that last confirmed this ETag. */
  epoch: number
}

export interface TileServiceOptions {
  epoch: WriteEpoch
  /** Whether every write goes through this process (PGlite), so the epoch can be trusted. */
  soleWriter: boolean
  /** Whether the engine's PostGIS has ST_AsMVT. */
  hasMvt: boolean
  /**
   * Whether new tiles that wait for the database together are made in one statement
   * (default: on PGlite's JS encoder path, whose one connection makes them queue; a
   * Postgres pool makes them side by side instead).
   */
  batch?: boolean
  maxBytes?: number
}

type Run = <T>(work: (tx: Queryable) => Promise<T>) => Promise<T>

/** A tile to make (or, known, to check after a write), waiting for the next statement that makes tiles. */
interface Miss {
  argsJson: string
  layer: string
  known?: Tile
  run: Run
  resolve: (tile: Tile) => void
  reject: (error: unknown) => void
}

/** The layers map_tile knows, each at most once in a list (private.tile_layers). */
const LAYERS = new Set(['streets', 'neighbourhoods', 'assets', 'enterprises', 'needs', 'places'])

/** A tile's place in the memory cache: its layer (or list), position and topics. */
const tileKey = (args: Record<string, unknown>) => JSON.stringify([args.layer, args.z, args.x, args.y, args.categories ?? null])

function isLayerList(layers: string[]): boolean {
  return layers.every((l) => LAYERS.has(l)) && new Set(layers).size === layers.length
}

/**
 * Whether this PostGIS can write vector tiles (it needs protobuf-c). Asked of the library
 * itself: postgis_full_version() answers the same but loads every library PostGIS links
 * (0.2–0.4 s of each start on PGlite).
 */
export async function engineHasMvt(tx: Queryable): Promise<boolean> {
  const { rows } = await tx.query<{ mvt: boolean }>('select extensions.postgis_libprotobuf_version() is not null as mvt')
  return rows[0]?.mvt === true
}

/** PostgREST's response.headers: an array of one-key objects. */
function parseGucHeaders(text: string | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {}
  if (!text) return headers
  for (const item of JSON.parse(text) as Array<Record<string, string>>) Object.assign(headers, item)
  return headers
}

/** Whether an If-None-Match header names this ETag (weak comparison, as for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  const weak = (t: string) => t.trim().replace(/^W\//, '')
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || weak(t) === weak(etag))
}

export function createTileService(options: TileServiceOptions) {
  const entries = new Map<string, Entry>()
  const inflight = new Map<string, Promise<Entry>>()
  let bytes = 0
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024

  const remember = (key: string, entry: Entry) => {
    const old = entries.get(key)
    if (old) bytes -= old.body.length + (old.gzipped?.length ?? 0)
    entries.delete(key)
    entries.set(key, entry)
    bytes += entry.body.length + (entry.gzipped?.length ?? 0)
    for (const [k, e] of entries) {
      if (bytes <= maxBytes) break
      entries.delete(k)
      bytes -= e.body.length + (e.gzipped?.length ?? 0)
    }
  }

  const answer = async (entry: Entry, ifNoneMatch: string | undefined, wantsGzip: boolean): Promise<TileResponse> => {
    const headers = { 'Content-Type': TILE_MEDIA_TYPE, ...entry.headers }
    if (etagMatches(ifNoneMatch, entry.etag)) return { status: 304, headers, body: Buffer.alloc(0) }
    if (!wantsGzip || entry.body.length < 512) return { status: 200, headers, body: entry.body }
    if (!entry.gzipped) {
      entry.gzipped = await gzip(entry.body)
      bytes += entry.gzipped.length
    }
    return { status: 200, headers: { ...headers, 'Content-Encoding': 'gzip' }, body: entry.gzipped }
  }

  const encode = (layer: string, json: string) =>
    Buffer.from(encodeLayer(layer, (JSON.parse(json) as TileFeature[]).map((f) => ({ ...f, id: Number(f.id) }))))

  async function computeTile(tx: Queryable, argsJson: string, layer: string): Promise<Buffer> {
    if (options.hasMvt) {
      const { rows } = await tx.query<{ tile: Uint8Array | null }>(MVT_SQL, [argsJson])
      return Buffer.from(rows[0]?.tile ?? new Uint8Array(0))
    }
    const { rows } = await tx.query<{ features: string }>(FEATURES_SQL, [argsJson])
    return encode(layer, rows[0].features)
  }

  async function firstTile(tx: Queryable, argsJson: string, layer: string): Promise<Tile> {
    if (options.hasMvt) {
      const { rows } = await tx.query<{ tile: Uint8Array | null; headers: string | null }>(FIRST_MVT_SQL, [argsJson])
      const headers = parseGucHeaders(rows[0].headers)
      return { etag: headers.ETag, headers, body: Buffer.from(rows[0].tile ?? new Uint8Array(0)) }
    }
    const { rows } = await tx.query<{ etag: string; headers: string | null; features: string }>(FIRST_FEATURES_SQL, [argsJson])
    return { etag: rows[0].etag, headers: parseGucHeaders(rows[0].headers), body: encode(layer, rows[0].features) }
  }

  /** A cached tile after a write: the same one while its ETag is, else made again. */
  async function checkTile(tx: Queryable, argsJson: string, layer: string, known: Tile): Promise<Tile> {
    const { rows } = await tx.query<{ etag: string; headers: string | null }>(ETAG_SQL, [argsJson])
    const { etag, headers } = rows[0]
    if (known.etag === etag) return known
    return { etag, headers: parseGucHeaders(headers), body: await computeTile(tx, argsJson, layer) }
  }

  const alone = (tx: Queryable, miss: Pick<Miss, 'argsJson' | 'layer' | 'known'>) =>
    miss.known ? checkTile(tx, miss.argsJson, miss.layer, miss.known) : firstTile(tx, miss.argsJson, miss.layer)

  const batch = options.batch ?? (options.soleWriter && !options.hasMvt)
  const waiting: Miss[] = []
  let queued = false

  /**
   * Makes the tiles waiting at the moment the database is free, in the transaction of
   * the first of them (a tile is the same for every caller: public data only). One alone
   * is made as before; a statement that fails (a bad tile among them) is tried again
   * tile by tile, each in its own caller's transaction, so each gets its own answer.
   */
  function makeWaiting() {
    queued = true
    let taken: Miss[] | undefined
    waiting[0].run(async (tx) => {
      queued = false
      taken = waiting.splice(0, MAX_BATCH)
      if (waiting.length) makeWaiting()
      if (taken.length === 1) return [await alone(tx, taken[0])]
      const args = taken.map((m) => (m.known ? JSON.stringify({ ...JSON.parse(m.argsJson), known: m.known.etag }) : m.argsJson))
      const { rows } = await tx.query<{ etag: string; headers: string | null; features: string | null }>(BATCH_FEATURES_SQL, [`[${args.join(',')}]`])
      return rows.map((row, i): Tile => row.features === null ? taken![i].known! : { etag: row.etag, headers: parseGucHeaders(row.headers), body: encode(taken![i].layer, row.features) })
    }).then(
      (tiles) => taken!.forEach((miss, i) => miss.resolve(tiles[i])),
      (error) => {
        if (!taken) {
          // The database never started it (busy, or being replaced): the same answer for all.
          queued = false
          taken = waiting.splice(0)
        }
        if (taken.length === 1) return taken[0].reject(error)
        for (const miss of taken) miss.run((tx) => alone(tx, miss)).then(miss.resolve, miss.reject)
      },
    )
  }

  /** A tile to make (or, known, to check): alone, or with the others waiting for the database (batch). */
  function tileFor(argsJson: string, layer: string, z: number, run: Run, known?: Tile): Promise<Tile> {
    if (!batch || !(z >= BATCH_MIN_ZOOM)) return run((tx) => alone(tx, { argsJson, layer, known }))
    return new Promise((resolve, reject) => {
      waiting.push({ argsJson, layer, known, run, resolve, reject })
      if (!queued) makeWaiting()
    })
  }

  /** One layer's tile, from the cache when it is still fresh; shared by concurrent askers. */
  function layerEntry(args: Record<string, unknown>, run: Run): Promise<Entry> {
    const key = tileKey(args)
    const cached = entries.get(key)
    if (cached && options.soleWriter && cached.epoch === options.epoch.value) return Promise.resolve(cached)
    // Many clients opening the same view at once: one of them asks the database.
    let pending = inflight.get(key)
    if (!pending) {
      const epoch = options.epoch.value
      pending = tileFor(JSON.stringify(args), String(args.layer), Number(args.z), run, cached)
        .then((tile) => {
          const entry = { ...tile, epoch }
          remember(key, entry)
          return entry
        })
        .finally(() => inflight.delete(key))
      inflight.set(key, pending)
    }
    return pending
  }

  /**
   * Several layers' tile (public.map_tile's list form): each layer's own entry, so a pin
   * makes only its layers' parts stale and the new parts are made together. The bytes
   * put together are kept while the parts' ETags stay the same (and gzipped once).
   */
  async function listEntry(args: Record<string, unknown>, layers: string[], run: Run): Promise<Entry> {
    if (!isLayerList(layers)) {
      // The database says what is wrong with the list (22023); it refuses every bad one.
      await run((tx) => tx.query(ETAG_SQL, [JSON.stringify(args)]))
      throw new Error(`map_tile accepted the list of layers ${String(args.layer)}`)
    }
    const parts = await Promise.all(layers.map((layer) => layerEntry({ ...args, layer }, run)))
    const etag = `"${parts.map((p) => p.etag.replace(/^"|"$/g, '')).join('+')}"`
    const key = tileKey(args)
    const kept = entries.get(key)
    if (kept?.etag === etag) return kept
    const entry = { etag, headers: { ...parts[0].headers, ETag: etag }, body: Buffer.concat(parts.map((p) => p.body)), epoch: parts[0].epoch }
    remember(key, entry)
    return entry
  }

  return {
    /**
     * Answers one tile request. `args` are the rpc's named arguments (validated by the
     * database); `run` runs work in the caller's transaction (role and request GUCs set,
     * but without If-None-Match, which is answered here).
     */
    async serve(
      args: Record<string, unknown>,
      ifNoneMatch: string | undefined,
      wantsGzip: boolean,
      run: Run,
    ): Promise<TileResponse> {
      const list = typeof args.layer === 'string' && args.layer.includes(',') ? args.layer.split(',') : undefined
      const entry = list ? await listEntry(args, list, run) : await layerEntry(args, run)
      return answer(entry, ifNoneMatch, wantsGzip)
    },
    get size() {
      return entries.size
    },
  }
}

export type TileService = ReturnType<typeof createTileService>
