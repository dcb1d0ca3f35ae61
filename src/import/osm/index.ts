/**
 * OpenStreetMap in any of the four formats → streets and assets. Both passes over the
 * file finish before anything is written, so a damaged file never reaches the database.
 */
import type { Hash } from 'node:crypto'
import type { InputFile } from '../input.ts'
import type { OsmMapping } from '../mapping.ts'
import type { FileFormat, ImportItem } from '../model.ts'
import type { Progress } from '../progress.ts'
import { OsmCollector } from './collect.ts'
import type { OsmReader } from './elements.ts'
import { createGeojsonReader } from './geojson.ts'
import { overpassReader } from './overpass.ts'
import { pbfReader } from './pbf.ts'
import { xmlReader } from './xml.ts'

export function osmReaderFor(format: FileFormat): OsmReader {
  switch (format) {
    case 'osm-pbf':
      return pbfReader
    case 'osm-xml':
      return xmlReader
    case 'overpass-json':
      return overpassReader
    case 'geojson':
      return createGeojsonReader()
    default:
      throw new Error(`No OSM reader for ${format}`)
  }
}

/** Reads the file (two passes) and returns its features, ready to write. */
export async function readOsm(
  file: InputFile,
  format: FileFormat,
  mapping: OsmMapping,
  progress: Progress,
  hash: Hash,
): Promise<Iterable<ImportItem>> {
  const reader = osmReaderFor(format)
  const collector = new OsmCollector(mapping)
  await reader.scan(file, 'ways', collector.waysPass, progress, hash)
  // Context multipolygons list their member ways after the ways themselves: read the ways again for them.
  if (collector.needsMembers) await reader.scan(file, 'ways', collector.membersPass, progress)
  collector.index()
  await reader.scan(file, 'nodes', collector.nodesPass, progress)
  return collector.features()
}
