/**
 * One export: the public layers and gap tables as GeoJSON or CSV, and assets as Open
 * Referral UK. Runs in a read-only transaction as the `anon` role, so it can only
 * ever export what the public map can show (see layers.ts).
 */
import type { SqlClient } from '../../db/migrations.ts'
import { ImportError } from '../model.ts'
import { writeCsv, writeGeojson, writeOruk, type Sink } from './formats.ts'
import { layers, layerNames, type GapParams, type LayerName, type Row } from './layers.ts'

export type ExportFormat = 'geojson' | 'csv' | 'oruk'

export interface ExportOptions extends Partial<GapParams> {
  format?: ExportFormat
  /** street-gaps: a neighbourhood's code (resolved to its id). */
  neighbourhoodCode?: string
}

export interface ExportResult {
  layer: LayerName
  format: ExportFormat
  count: number
  sources: string[]
}

const firstId = '00000000-0000-0000-0000-000000000000'

async function* rowsOf(db: SqlClient, name: LayerName, params: GapParams): AsyncGenerator<Row> {
  const layer = layers[name]
  const toRow = (r: Record<string, unknown>): Row => {
    const properties: Record<string, unknown> = {}
    for (const c of layer.columns) properties[c] = r[c] ?? null
    return { id: String(r.id), properties, geojson: String(r.geojson), wkt: String(r.wkt), source: (r.source as string) ?? null }
  }
  if (!layer.paged) {
    const args = name === 'street-gaps' ? [params.radius, params.categories, params.neighbourhood, params.max] : [params.radius, params.categories]
    const { rows } = await db.query<Record<string, unknown>>(layer.sql, args)
    for (const r of rows) yield toRow(r)
    return
  }
  let after = firstId
  for (;;) {
    const { rows } = await db.query<Record<string, unknown>>(layer.sql, [after])
    for (const r of rows) yield toRow(r)
    if (!rows.length) return
    after = String(rows[rows.length - 1].id)
  }
}

export async function runExport(db: SqlClient, what: string, sink: Sink, options: ExportOptions = {}): Promise<ExportResult> {
  if (!layerNames.includes(what as LayerName)) {
    throw new ImportError(`Cannot export "${what}"; choose one of ${layerNames.join(', ')}.`)
  }
  const name = what as LayerName
  const format = options.format ?? 'geojson'
  if (!['geojson', 'csv', 'oruk'].includes(format)) throw new ImportError('--format must be geojson, csv or oruk.')
  if (format === 'oruk' && name !== 'assets') throw new ImportError('Only assets can be exported as Open Referral UK.')

  await db.exec('begin read only')
  try {
    // As the public: RLS and grants decide what can leave, as they do for the map.
    await db.query(`select set_config('request.jwt.claims', '{"role":"anon"}', true)`)
    await db.exec('set local role anon')
    let neighbourhood: string | null = null
    if (options.neighbourhoodCode) {
      const { rows } = await db.query<{ id: string }>('select id from public.neighbourhoods where code = $1', [options.neighbourhoodCode])
      if (!rows.length) throw new ImportError(`No neighbourhood has the code ${options.neighbourhoodCode}.`)
      neighbourhood = rows[0].id
    }
    const params: GapParams = {
      radius: options.radius ?? 400,
      categories: options.categories?.length ? options.categories : null,
      neighbourhood,
      max: options.max ?? 5000,
    }
    const rows = rowsOf(db, name, params)
    let result: { count: number; sources: Set<string> }
    if (format === 'oruk') {
      const { rows: cats } = await db.query<{ slug: string; label: string }>('select slug, label from public.categories')
      result = await writeOruk(rows, sink, new Map(cats.map((c) => [c.slug, c.label])))
    } else if (format === 'csv') result = await writeCsv(layers[name], rows, sink)
    else result = await writeGeojson(rows, sink)
    await db.exec('commit')
    return { layer: name, format, count: result.count, sources: [...result.sources].sort() }
  } catch (error) {
    await db.exec('rollback').catch(() => {})
    // The gap functions explain bad parameters in sentences: pass those on as they are.
    const e = error as { code?: string; message: string }
    if (e.code === '22023') throw new ImportError(e.message, { cause: error })
    throw error
  }
}
