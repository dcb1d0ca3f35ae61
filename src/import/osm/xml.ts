/**
 * A streaming reader for OSM XML (`.osm`, as written by osmium, JOSM, the OSM API and
 * Overpass), with the `saxes` event parser: elements are handed on as they close, so
 * memory stays at one element whatever the file's size.
 */
import type { Hash } from 'node:crypto'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { openInput, type InputFile } from '../input.ts'
import { ImportError } from '../model.ts'
import type { Progress } from '../progress.ts'
import type { Tags } from '../mapping.ts'
import { round7, type OsmReader, type OsmVisitor, type Pass, type RelationMember } from './elements.ts'

interface Current {
  kind: 'node' | 'way' | 'relation'
  id: number
  lon: number
  lat: number
  refs: number[]
  members: RelationMember[]
  tags: Tags | null
  deleted: boolean
}

function number(value: string | undefined, what: string, line: number): number {
  const n = value === undefined ? Number.NaN : Number(value)
  if (!Number.isFinite(n)) throw new ImportError(`Line ${line} of the OSM XML has a ${what} that is not a number: ${value}.`)
  return n
}

export const xmlReader: OsmReader = {
  format: 'osm-xml',
  async scan(file: InputFile, pass: Pass, visitor: OsmVisitor, progress: Progress, hash?: Hash) {
    const parser = new SaxesParser<{ xmlns: false }>({ xmlns: false })
    let root: string | null = null
    let current: Current | null = null
    let elements = 0

    parser.on('opentag', (tag: SaxesTagPlain) => {
      const a = tag.attributes
      const line = parser.line
      if (root === null) {
        root = tag.name
        if (root !== 'osm') {
          throw new ImportError(
            root === 'osmChange'
              ? 'This is an OSM change file (osmChange), not an extract; import a full .osm file.'
              : `This XML file is not OpenStreetMap data (its root element is <${root}>, not <osm>).`,
          )
        }
        return
      }
      switch (tag.name) {
        case 'node':
        case 'way':
        case 'relation': {
          elements++
          const wanted = pass === 'nodes' ? tag.name === 'node' : tag.name !== 'node'
          current = wanted
            ? {
                kind: tag.name,
                id: number(a.id, 'id', line),
                lon: tag.name === 'node' ? round7(number(a.lon, 'longitude', line)) : 0,
                lat: tag.name === 'node' ? round7(number(a.lat, 'latitude', line)) : 0,
                refs: [],
                members: [],
                tags: null,
                deleted: a.visible === 'false' || a.action === 'delete',
              }
            : null
          break
        }
        case 'tag':
          if (current) (current.tags ??= {})[a.k ?? ''] = a.v ?? ''
          break
        case 'member':
          if (current?.kind === 'relation' && (a.type === 'node' || a.type === 'way' || a.type === 'relation')) {
            current.members.push({ type: a.type as RelationMember['type'], ref: number(a.ref, 'member reference', line), role: a.role ?? '' })
          }
          break
        case 'nd':
          if (current?.kind === 'way') current.refs.push(number(a.ref, 'node reference', line))
          // Overpass `out geom` puts coordinates on the way's nodes themselves.
          if (pass === 'nodes' && a.lat !== undefined && a.lon !== undefined) {
            visitor.node(number(a.ref, 'node reference', line), round7(number(a.lon, 'longitude', line)), round7(number(a.lat, 'latitude', line)), null)
          }
          break
      }
    })
    parser.on('closetag', (tag: SaxesTagPlain) => {
      if (!current || tag.name !== current.kind) return
      const c = current
      current = null
      if (c.deleted) return
      if (c.kind === 'node') visitor.node(c.id, c.lon, c.lat, c.tags)
      else if (c.kind === 'way') visitor.way(c.id, c.refs, c.tags)
      else visitor.relation(c.id, c.tags, c.members)
    })

    const stream = openInput(file, progress, pass === 'ways' ? 'reading ways' : 'reading nodes', hash)
    stream.setEncoding('utf8')
    try {
      for await (const text of stream as AsyncIterable<string>) parser.write(text)
      parser.close()
    } catch (error) {
      stream.destroy()
      if (error instanceof ImportError) throw error
      const message = (error as Error).message
      throw new ImportError(
        /unclosed|end of|premature/i.test(message)
          ? `The OSM XML ends before its elements are closed (${message}): the file is truncated.`
          : `The OSM XML is not well-formed: ${message}`,
        { cause: error },
      )
    }
    if (root === null) throw new ImportError('The OSM XML file is empty.')
    if (elements === 0) throw new ImportError('The OSM XML file holds no nodes, ways or relations.')
  },
}
