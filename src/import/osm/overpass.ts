/**
 * A streaming reader for Overpass API JSON (`[out:json]`): `{"elements": [...]}` with
 * nodes, ways (node ids in `nodes`, and with `out geom` their coordinates in
 * `geometry`) and relations, in any order.
 */
import type { Hash } from 'node:crypto'
import { openInput, type InputFile } from '../input.ts'
import { jsonArrayElements } from '../json-stream.ts'
import { ImportError } from '../model.ts'
import type { Progress } from '../progress.ts'
import type { Tags } from '../mapping.ts'
import { round7, type OsmReader, type OsmVisitor, type Pass, type RelationMember } from './elements.ts'

interface Element {
  type?: string
  id?: number
  lat?: number
  lon?: number
  nodes?: number[]
  geometry?: ({ lat: number; lon: number } | null)[]
  tags?: Tags
  members?: { type?: string; ref?: number; role?: string }[]
}

const isCoord = (lon: unknown, lat: unknown): lon is number =>
  typeof lon === 'number' && typeof lat === 'number' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90

export const overpassReader: OsmReader = {
  format: 'overpass-json',
  async scan(file: InputFile, pass: Pass, visitor: OsmVisitor, progress: Progress, hash?: Hash) {
    const stream = openInput(file, progress, pass === 'ways' ? 'reading ways' : 'reading nodes', hash)
    let count = 0
    for await (const raw of jsonArrayElements(stream, 'elements', 'Overpass JSON')) {
      count++
      const e = raw as Element
      if (!e || typeof e !== 'object' || typeof e.id !== 'number') {
        throw new ImportError(`Element ${count} of the Overpass JSON has no numeric id.`)
      }
      const tags = e.tags && Object.keys(e.tags).length ? e.tags : null
      if (e.type === 'node') {
        if (pass !== 'nodes') continue
        if (!isCoord(e.lon, e.lat)) throw new ImportError(`Node ${e.id} in the Overpass JSON has no valid lat/lon.`)
        visitor.node(e.id, round7(e.lon), round7(e.lat as number), tags)
      } else if (e.type === 'way') {
        const refs = Array.isArray(e.nodes) ? e.nodes : []
        if (pass === 'ways') visitor.way(e.id, refs, tags)
        else if (Array.isArray(e.geometry)) {
          e.geometry.forEach((g, i) => {
            if (g && isCoord(g.lon, g.lat) && typeof refs[i] === 'number') visitor.node(refs[i], round7(g.lon), round7(g.lat), null)
          })
        }
      } else if (e.type === 'relation' && pass === 'ways') {
        const members: RelationMember[] = []
        for (const m of Array.isArray(e.members) ? e.members : []) {
          if ((m.type === 'node' || m.type === 'way' || m.type === 'relation') && typeof m.ref === 'number') {
            members.push({ type: m.type, ref: m.ref, role: typeof m.role === 'string' ? m.role : '' })
          }
        }
        visitor.relation(e.id, tags, members)
      }
    }
    if (count === 0) throw new ImportError('The Overpass JSON has no "elements" (or they are empty).')
  },
}
