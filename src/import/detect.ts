/**
 * What kind of file this is, from its first bytes (not its name, which lies often
 * enough: `.json` may be Overpass, GeoJSON or a service feed).
 */
import { open } from 'node:fs/promises'
import { ImportError, type FileFormat, type ImportKind } from './model.ts'

export interface Detected {
  format: FileFormat
  kind: ImportKind
  /** For ORUK: the top-level key holding the services, or null for a bare array. */
  orukKey: string | null
}

const sniffBytes = 64 * 1024

export async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buf = Buffer.alloc(sniffBytes)
    const { bytesRead } = await handle.read(buf, 0, sniffBytes, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * Decides format and kind. `boundaryHints` is true when the caller passed boundary
 * options (--name-property, --code-property, --kind), which settles a GeoJSON file.
 */
export function detect(head: Buffer, boundaryHints: boolean): Detected {
  if (head.length === 0) throw new ImportError('The file is empty.')
  // A PBF starts with a 4-byte length and a BlobHeader whose type string is "OSMHeader".
  if (head.length > 16 && head.subarray(4, 32).includes('OSMHeader')) return { format: 'osm-pbf', kind: 'osm', orukKey: null }
  const text = head.toString('utf8').replace(/^\uFEFF/, '')
  const start = text.trimStart()
  if (start.startsWith('<')) return { format: 'osm-xml', kind: 'osm', orukKey: null }
  if (start.startsWith('[')) return { format: 'oruk-json', kind: 'oruk', orukKey: null }
  if (start.startsWith('{')) {
    if (/"elements"\s*:\s*\[/.test(text)) return { format: 'overpass-json', kind: 'osm', orukKey: null }
    if (/"content"\s*:\s*\[/.test(text) && !/"FeatureCollection"/.test(text)) {
      return { format: 'oruk-json', kind: 'oruk', orukKey: 'content' }
    }
    if (/"(FeatureCollection|features)"/.test(text)) {
      if (/"crs"\s*:\s*\{[^}]*EPSG::?27700/i.test(text)) {
        throw new ImportError(
          'This GeoJSON is in British National Grid (EPSG:27700); convert it to WGS84 first: ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson',
        )
      }
      // ONS boundary files name their code property like LSOA11CD or WD13CD.
      const ons = /"(LSOA|MSOA|WD|LAD|OA|CTYUA|PAR)\d{2}CD"\s*:/i.test(text)
      return { format: 'geojson', kind: boundaryHints || ons ? 'boundaries' : 'osm', orukKey: null }
    }
  }
  throw new ImportError(
    'Cannot tell what this file is. The importer reads OpenStreetMap (.osm.pbf, .osm XML, Overpass JSON, GeoJSON), boundary GeoJSON and Open Referral UK JSON; pass --type to say which.',
  )
}

/** The format for an explicit --type, when detection and the caller disagree. */
export function checkType(detected: Detected, type: ImportKind | undefined): Detected {
  if (!type || type === detected.kind) return detected
  if (type === 'boundaries' && detected.format === 'geojson') return { ...detected, kind: 'boundaries' }
  if (type === 'osm' && detected.format === 'geojson') return { ...detected, kind: 'osm' }
  throw new ImportError(`--type ${type} does not fit this file, which looks like ${detected.format}.`)
}
