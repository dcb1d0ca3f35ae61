/**
 * What every OSM reader (PBF, XML, Overpass JSON, GeoJSON) offers: a scan of the file
 * in one of two passes. Files list nodes before the ways that use them, so the
 * importer reads twice rather than holding every node of the file in memory:
 *
 *   pass 'ways'  — ways (with their node ids) and relations; nodes are skipped
 *   pass 'nodes' — nodes (and, for formats whose ways carry coordinates inline,
 *                  those coordinates as nodes), so only the nodes kept ways need
 *                  are stored.
 */
import type { Hash } from 'node:crypto'
import type { InputFile } from '../input.ts'
import type { Tags } from '../mapping.ts'
import type { Progress } from '../progress.ts'
import type { FileFormat } from '../model.ts'

export type Pass = 'ways' | 'nodes'

/** A relation's member (multipolygons: ways with role outer or inner). */
export interface RelationMember {
  type: 'node' | 'way' | 'relation'
  ref: number
  role: string
}

export interface OsmVisitor {
  way(id: number, refs: ArrayLike<number>, tags: Tags | null): void
  relation(id: number, tags: Tags | null, members: RelationMember[]): void
  node(id: number, lon: number, lat: number, tags: Tags | null): void
  /** A point feature that is not an OSM node (GeoJSON exports place areas at a point). */
  point(sourceId: string, lon: number, lat: number, tags: Tags): void
  /** Something in the file that cannot be imported, and why. */
  skip(reason: string, item?: string): void
}

export interface OsmReader {
  format: FileFormat
  /** Reads the whole file once for `pass`; throws ImportError on bad or truncated input. */
  scan(file: InputFile, pass: Pass, visitor: OsmVisitor, progress: Progress, hash?: Hash): Promise<void>
}

/** OSM coordinates have seven decimals (about 1 cm); every reader rounds to them so formats agree. */
export const round7 = (degrees: number): number => Math.round(degrees * 1e7) / 1e7
