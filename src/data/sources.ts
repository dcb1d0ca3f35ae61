/**
 * Typed wrapper for public.data_sources()
 * (supabase/migrations/*_street_names_and_sources.sql): which sources the map's data
 * comes from, with row counts per layer, for the About panel's attribution.
 */
import { callRpc } from './rpc.ts'

/** One row of public.data_sources(): a source's row count in one layer. */
export interface DataSourceRow {
  /** The `source` value the importer wrote: 'osm', 'ons', 'oruk:bristol', 'demo', 'local'… */
  source: string
  layer: 'streets' | 'neighbourhoods' | 'assets' | 'enterprises'
  rows: number
}

/** A source with its layers, as the About panel lists it. */
export interface DataSource {
  source: string
  layers: { layer: DataSourceRow['layer']; rows: number }[]
}

export function listDataSources(signal?: AbortSignal): Promise<DataSourceRow[]> {
  return callRpc<DataSourceRow[] | null>('data_sources', {}, signal).then((rows) => rows ?? [])
}

/**
 * Groups the rows by source, keeping the server's order (source, then layer) and
 * dropping empty layers.
 * Example: groupSources([{source:'osm',layer:'assets',rows:60},{source:'osm',layer:'streets',rows:1365}])
 *   → [{source:'osm', layers:[{layer:'assets',rows:60},{layer:'streets',rows:1365}]}]
 */
export function groupSources(rows: readonly DataSourceRow[]): DataSource[] {
  const bySource = new Map<string, DataSource>()
  for (const r of rows) {
    if (!(r.rows > 0)) continue
    let entry = bySource.get(r.source)
    if (!entry) bySource.set(r.source, (entry = { source: r.source, layers: [] }))
    entry.layers.push({ layer: r.layer, rows: Number(r.rows) })
  }
  return [...bySource.values()]
}
