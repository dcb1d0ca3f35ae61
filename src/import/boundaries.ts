/**
 * Neighbourhood boundaries from GeoJSON (ONS LSOA, MSOA or ward files, or locally
 * drawn areas), streamed feature by feature. The code and name properties are chosen
 * by options, or recognised from ONS naming (LSOA11CD / LSOA11NM, WD13CD / WD13NM…).
 */
import type { Hash } from 'node:crypto'
import { openInput, type InputFile } from './input.ts'
import { jsonArrayElements } from './json-stream.ts'
import {
  ImportError, neighbourhoodKinds, type ImportItem, type NeighbourhoodFeature, type NeighbourhoodKind, type WardFeature,
} from './model.ts'
import type { Progress } from './progress.ts'

export interface BoundaryOptions {
  nameProperty?: string
  codeProperty?: string
  kind?: NeighbourhoodKind
  /** The file holds wards: a level of its own (public.wards) that names the neighbourhoods in it. */
  wards?: boolean
}

/** ONS code properties: LSOA11CD, MSOA21CD, WD13CD, WD23CD, LAD19CD, OA11CD… */
const onsCode = /^(LSOA|MSOA|WD|LAD|OA|CTYUA|PAR)(\d{2})CD$/i
const onsKinds: Record<string, NeighbourhoodKind> = { LSOA: 'lsoa', MSOA: 'msoa', WD: 'ward' }

/** Which properties hold the code and name, and what kind of area this is. */
export function resolveBoundaryProperties(
  properties: Record<string, unknown>,
  options: BoundaryOptions,
): { code: string; name: string; kind: NeighbourhoodKind } {
  const keys = Object.keys(properties)
  const ons = keys.map((k) => onsCode.exec(k)).find(Boolean)
  const code = options.codeProperty ?? ons?.[0]
  const name = options.nameProperty ?? (ons ? keys.find((k) => k.toUpperCase() === `${ons[1]}${ons[2]}NM`.toUpperCase()) : undefined)
  if (!code || !name) {
    throw new ImportError(
      `Cannot tell which properties hold each area's code and name; pass --code-property and --name-property. The first feature has: ${keys.join(', ') || 'no properties'}.`,
    )
  }
  for (const [option, key] of [['--code-property', code], ['--name-property', name]]) {
    if (!(key in properties)) {
      throw new ImportError(`The first feature has no property "${key}" (${option}); it has: ${keys.join(', ')}.`)
    }
  }
  const kind = options.kind ?? (ons ? onsKinds[ons[1].toUpperCase()] : undefined) ?? 'local'
  if (!neighbourhoodKinds.includes(kind)) throw new ImportError(`--kind must be one of ${neighbourhoodKinds.join(', ')}.`)
  return { code, name, kind }
}

/** A code or name property as text; a nested object or array is no code or name at all. */
function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : ''
}

function checkCoordinates(coords: unknown, depth: number, where: string): void {
  if (depth === 0) {
    const ok =
      Array.isArray(coords) &&
      typeof coords[0] === 'number' &&
      typeof coords[1] === 'number' &&
      Math.abs(coords[0]) <= 180 &&
      Math.abs(coords[1]) <= 90
    if (!ok) {
      throw new ImportError(
        `${where} has a coordinate that is not WGS84 longitude/latitude (${JSON.stringify(coords)}). If the file is in British National Grid, convert it first: ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`,
      )
    }
    return
  }
  if (!Array.isArray(coords) || coords.length === 0) throw new ImportError(`${where} has an empty or malformed polygon.`)
  for (const c of coords) checkCoordinates(c, depth - 1, where)
}

export async function* readBoundaries(
  file: InputFile,
  options: BoundaryOptions,
  progress: Progress,
  hash: Hash,
): AsyncGenerator<ImportItem> {
  const stream = openInput(file, progress, 'reading boundaries', hash)
  let props: { code: string; name: string; kind: NeighbourhoodKind } | null = null
  let index = 0
  for await (const raw of jsonArrayElements(stream, 'features', 'GeoJSON')) {
    index++
    const f = raw as { type?: string; properties?: Record<string, unknown> | null; geometry?: { type: string; coordinates: unknown } | null }
    const where = `Feature ${index} of the GeoJSON`
    if (!f || f.type !== 'Feature') throw new ImportError(`${where} is not a GeoJSON Feature.`)
    const properties = f.properties ?? {}
    props ??= resolveBoundaryProperties(properties, options)
    const code = textOf(properties[props.code])
    const name = textOf(properties[props.name])
    const label = code || `feature ${index}`
    if (!code) {
      yield { type: 'skip', reason: `no code (property ${props.code})`, item: label }
      continue
    }
    if (code.length > 40) {
      yield { type: 'skip', reason: 'code longer than 40 characters', item: label }
      continue
    }
    if (!name) {
      yield { type: 'skip', reason: `no name (property ${props.name})`, item: label }
      continue
    }
    const g = f.geometry
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      yield { type: 'skip', reason: `not a polygon (${g?.type ?? 'no geometry'})`, item: label }
      continue
    }
    checkCoordinates(g.coordinates, g.type === 'Polygon' ? 2 : 3, where)
    if (options.wards) {
      const ward: WardFeature = { type: 'ward', code, name: name.slice(0, 120), geometry: g as WardFeature['geometry'] }
      yield ward
      continue
    }
    const feature: NeighbourhoodFeature = {
      type: 'neighbourhood',
      code,
      name: name.slice(0, 120),
      kind: props.kind,
      geometry: g as NeighbourhoodFeature['geometry'],
    }
    yield feature
  }
  if (index === 0) throw new ImportError('The GeoJSON has no features (or no "features" array).')
}
