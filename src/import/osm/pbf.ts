/**
 * A streaming reader for OpenStreetMap PBF files (https://wiki.openstreetmap.org/wiki/PBF_Format),
 * decoding the protocol buffers with `pbf` and the blocks with node:zlib.
 *
 * The file is a sequence of frames: a 4-byte big-endian length, a BlobHeader, then a
 * Blob holding one (usually zlib-compressed) OSMHeader or PrimitiveBlock of up to
 * 8000 entities. Frames are read one at a time, so memory stays at about one block;
 * in the ways pass node groups are skipped without being decoded, and vice versa.
 */
import type { Hash } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { PbfReader } from 'pbf'
import { openInput, type InputFile } from '../input.ts'
import { ImportError } from '../model.ts'
import type { Progress } from '../progress.ts'
import type { Tags } from '../mapping.ts'
import { round7, type OsmReader, type OsmVisitor, type RelationMember, type Pass } from './elements.ts'

/** Limits from the format's specification: headers under 64 KiB, blobs under 32 MiB. */
const maxHeaderBytes = 64 * 1024
const maxBlobBytes = 32 * 1024 * 1024
const supportedFeatures = new Set(['OsmSchema-V0.6', 'DenseNodes'])

const utf8 = new TextDecoder('utf-8')

interface BlobHeader {
  type: string
  datasize: number
}

function readBlobHeader(buf: Uint8Array): BlobHeader {
  return new PbfReader(buf).readFields<BlobHeader>(
    (tag, h, pbf) => {
      if (tag === 1) h.type = pbf.readString()
      else if (tag === 3) h.datasize = pbf.readVarint()
    },
    { type: '', datasize: -1 },
  )
}

/** The bytes a Blob holds, decompressed. */
function readBlob(buf: Uint8Array, offset: number): Uint8Array {
  const blob = new PbfReader(buf).readFields<{ raw?: Uint8Array; zlib?: Uint8Array; rawSize?: number; other?: string }>(
    (tag, b, pbf) => {
      if (tag === 1) b.raw = pbf.readBytes()
      else if (tag === 2) b.rawSize = pbf.readVarint()
      else if (tag === 3) b.zlib = pbf.readBytes()
      else if (tag === 4) b.other = 'LZMA'
      else if (tag === 5) b.other = 'bzip2'
      else if (tag === 6) b.other = 'LZ4'
      else if (tag === 7) b.other = 'Zstandard'
    },
    {},
  )
  if (blob.raw) return blob.raw
  if (blob.zlib) {
    try {
      return inflateSync(blob.zlib, blob.rawSize ? { maxOutputLength: Math.max(blob.rawSize, 1) } : {})
    } catch (error) {
      throw new ImportError(`The PBF block at byte ${offset} does not decompress (${(error as Error).message}): the file is damaged.`, {
        cause: error,
      })
    }
  }
  if (blob.other) {
    throw new ImportError(
      `The PBF block at byte ${offset} is ${blob.other}-compressed, which the importer cannot read. Re-encode the file with zlib, e.g. \`osmium cat in.osm.pbf -o out.osm.pbf -f pbf,pbf_compression=zlib\`.`,
    )
  }
  throw new ImportError(`The PBF block at byte ${offset} holds no data: the file is damaged.`)
}

function checkHeader(data: Uint8Array): void {
  const required: string[] = []
  new PbfReader(data).readFields((tag, _r, pbf) => {
    if (tag === 4) required.push(pbf.readString())
  }, null)
  const unsupported = required.filter((f) => !supportedFeatures.has(f))
  if (unsupported.length) {
    throw new ImportError(
      `This PBF file needs features the importer does not support: ${unsupported.join(', ')}. Use a current (not history) extract.`,
    )
  }
}

/** A PrimitiveBlock's string table, decoded lazily (a ways pass never needs most of it). */
class StringTable {
  private ranges: number[] = []
  private cache: (string | undefined)[] = []
  constructor(private buf: Uint8Array) {}
  add(start: number, end: number): void {
    this.ranges.push(start, end)
  }
  get(i: number): string {
    let s = this.cache[i]
    if (s === undefined) {
      s = utf8.decode(this.buf.subarray(this.ranges[2 * i], this.ranges[2 * i + 1]))
      this.cache[i] = s
    }
    return s
  }
}

function tagsOf(keys: number[], vals: number[], strings: StringTable): Tags | null {
  if (!keys.length) return null
  const tags: Tags = {}
  for (let i = 0; i < keys.length; i++) tags[strings.get(keys[i])] = strings.get(vals[i])
  return tags
}

interface Block {
  strings: StringTable
  groups: number[]
  granularity: number
  latOffset: number
  lonOffset: number
}

function readPrimitiveBlock(data: Uint8Array, pass: Pass, visitor: OsmVisitor): void {
  const pbf = new PbfReader(data)
  const block = pbf.readFields<Block>(
    (tag, b, p) => {
      if (tag === 1) {
        const end = p.readVarint() + p.pos
        while (p.pos < end) {
          const val = p.readVarint()
          if (val >> 3 === 1) {
            const len = p.readVarint()
            b.strings.add(p.pos, p.pos + len)
            p.pos += len
          } else p.skip(val)
        }
      } else if (tag === 2) {
        // Groups are decoded after the whole block: granularity and offsets follow them.
        const len = p.readVarint()
        b.groups.push(p.pos, p.pos + len)
        p.pos += len
      } else if (tag === 17) b.granularity = p.readVarint()
      else if (tag === 19) b.latOffset = p.readVarint(true)
      else if (tag === 20) b.lonOffset = p.readVarint(true)
    },
    { strings: new StringTable(data), groups: [], granularity: 100, latOffset: 0, lonOffset: 0 },
  )
  const { strings, granularity, latOffset, lonOffset } = block
  const lonOf = (raw: number) => round7((lonOffset + granularity * raw) / 1e9)
  const latOf = (raw: number) => round7((latOffset + granularity * raw) / 1e9)

  for (let g = 0; g < block.groups.length; g += 2) {
    pbf.pos = block.groups[g]
    pbf.readFields(
      (tag, _r, p) => {
        if (pass === 'nodes' && tag === 1) readNode(p, strings, lonOf, latOf, visitor)
        else if (pass === 'nodes' && tag === 2) readDenseNodes(p, strings, lonOf, latOf, visitor)
        else if (pass === 'ways' && tag === 3) readWay(p, strings, visitor)
        else if (pass === 'ways' && tag === 4) readRelation(p, strings, visitor)
      },
      null,
      block.groups[g + 1],
    )
  }
}

type Coord = (raw: number) => number

function readNode(pbf: PbfReader, strings: StringTable, lonOf: Coord, latOf: Coord, visitor: OsmVisitor): void {
  const end = pbf.readVarint() + pbf.pos
  const n = { id: 0, keys: [] as number[], vals: [] as number[], lat: 0, lon: 0 }
  pbf.readFields(
    (tag, r, p) => {
      if (tag === 1) r.id = p.readSVarint()
      else if (tag === 2) p.readPackedVarint(r.keys)
      else if (tag === 3) p.readPackedVarint(r.vals)
      else if (tag === 8) r.lat = p.readSVarint()
      else if (tag === 9) r.lon = p.readSVarint()
    },
    n,
    end,
  )
  visitor.node(n.id, lonOf(n.lon), latOf(n.lat), tagsOf(n.keys, n.vals, strings))
}

function readDenseNodes(pbf: PbfReader, strings: StringTable, lonOf: Coord, latOf: Coord, visitor: OsmVisitor): void {
  const end = pbf.readVarint() + pbf.pos
  const d = { ids: [] as number[], lats: [] as number[], lons: [] as number[], kv: [] as number[] }
  pbf.readFields(
    (tag, r, p) => {
      if (tag === 1) p.readPackedSVarint(r.ids)
      else if (tag === 8) p.readPackedSVarint(r.lats)
      else if (tag === 9) p.readPackedSVarint(r.lons)
      else if (tag === 10) p.readPackedVarint(r.kv)
    },
    d,
    end,
  )
  if (d.lats.length !== d.ids.length || d.lons.length !== d.ids.length) {
    throw new ImportError('A PBF dense-node group has mismatched id and coordinate lists: the file is damaged.')
  }
  let id = 0
  let lat = 0
  let lon = 0
  let k = 0
  for (let i = 0; i < d.ids.length; i++) {
    id += d.ids[i]
    lat += d.lats[i]
    lon += d.lons[i]
    let tags: Tags | null = null
    // keys_vals: key, value pairs for each node in turn, each node's list ended by 0.
    while (k < d.kv.length && d.kv[k] !== 0) {
      tags ??= {}
      tags[strings.get(d.kv[k])] = strings.get(d.kv[k + 1])
      k += 2
    }
    k++
    visitor.node(id, lonOf(lon), latOf(lat), tags)
  }
}

function readWay(pbf: PbfReader, strings: StringTable, visitor: OsmVisitor): void {
  const end = pbf.readVarint() + pbf.pos
  const w = { id: 0, keys: [] as number[], vals: [] as number[], refs: [] as number[] }
  pbf.readFields(
    (tag, r, p) => {
      if (tag === 1) r.id = p.readVarint()
      else if (tag === 2) p.readPackedVarint(r.keys)
      else if (tag === 3) p.readPackedVarint(r.vals)
      else if (tag === 8) p.readPackedSVarint(r.refs)
    },
    w,
    end,
  )
  // Node ids are delta-coded.
  for (let i = 1; i < w.refs.length; i++) w.refs[i] += w.refs[i - 1]
  visitor.way(w.id, w.refs, tagsOf(w.keys, w.vals, strings))
}

function readRelation(pbf: PbfReader, strings: StringTable, visitor: OsmVisitor): void {
  const end = pbf.readVarint() + pbf.pos
  const r = { id: 0, keys: [] as number[], vals: [] as number[], roles: [] as number[], memids: [] as number[], types: [] as number[] }
  pbf.readFields(
    (tag, x, p) => {
      if (tag === 1) x.id = p.readVarint()
      else if (tag === 2) p.readPackedVarint(x.keys)
      else if (tag === 3) p.readPackedVarint(x.vals)
      else if (tag === 8) p.readPackedVarint(x.roles)
      else if (tag === 9) p.readPackedSVarint(x.memids)
      else if (tag === 10) p.readPackedVarint(x.types)
    },
    r,
    end,
  )
  const tags = tagsOf(r.keys, r.vals, strings)
  // Members matter only for multipolygons; their ids are delta-coded.
  const members: RelationMember[] = []
  if (tags?.type === 'multipolygon') {
    let ref = 0
    for (let i = 0; i < r.memids.length; i++) {
      ref += r.memids[i]
      members.push({ type: memberTypes[r.types[i]] ?? 'node', ref, role: strings.get(r.roles[i]) })
    }
  }
  visitor.relation(r.id, tags, members)
}

const memberTypes = ['node', 'way', 'relation'] as const

/**
 * Splits the byte stream into frames and hands each decoded block to `onBlock`.
 * Exported for the benchmark's baseline (reading and inflating without importing).
 */
export async function forEachBlock(
  chunks: AsyncIterable<Buffer>,
  onBlock: (type: string, data: Uint8Array, offset: number) => void,
): Promise<void> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let needed = 4
  let offset = 0
  let frames = 0

  for await (const chunk of chunks) {
    pending.push(chunk)
    pendingBytes += chunk.length
    if (pendingBytes < needed) continue
    const buf = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes)
    let pos = 0
    for (;;) {
      if (buf.length - pos < 4) {
        needed = 4
        break
      }
      const headerBytes = buf.readUInt32BE(pos)
      if (headerBytes === 0 || headerBytes > maxHeaderBytes) {
        throw new ImportError(
          frames === 0
            ? 'This is not an OpenStreetMap PBF file (it does not start with a PBF block header).'
            : `The PBF file is damaged at byte ${offset}: a block header claims ${headerBytes} bytes.`,
        )
      }
      if (buf.length - pos < 4 + headerBytes) {
        needed = 4 + headerBytes
        break
      }
      const header = readBlobHeader(buf.subarray(pos + 4, pos + 4 + headerBytes))
      if (frames === 0 && header.type !== 'OSMHeader') {
        throw new ImportError('This is not an OpenStreetMap PBF file (its first block is not an OSMHeader).')
      }
      if (header.datasize < 0 || header.datasize > maxBlobBytes) {
        throw new ImportError(`The PBF file is damaged at byte ${offset}: a block claims ${header.datasize} bytes.`)
      }
      const frameBytes = 4 + headerBytes + header.datasize
      if (buf.length - pos < frameBytes) {
        needed = frameBytes
        break
      }
      const data = readBlob(buf.subarray(pos + 4 + headerBytes, pos + frameBytes), offset)
      onBlock(header.type, data, offset)
      frames++
      pos += frameBytes
      offset += frameBytes
    }
    const rest = buf.subarray(pos)
    pending = rest.length ? [rest] : []
    pendingBytes = rest.length
  }
  if (pendingBytes > 0) {
    throw new ImportError(
      `The PBF file ends in the middle of a block (at byte ${offset + pendingBytes}, ${pendingBytes} bytes into a ${needed}-byte block): it is truncated or damaged.`,
    )
  }
  if (frames === 0) throw new ImportError('The PBF file is empty.')
}

export const pbfReader: OsmReader = {
  format: 'osm-pbf',
  async scan(file: InputFile, pass: Pass, visitor: OsmVisitor, progress: Progress, hash?: Hash) {
    const stream = openInput(file, progress, pass === 'ways' ? 'reading ways' : 'reading nodes', hash)
    let sawData = false
    await forEachBlock(stream, (type, data, offset) => {
      if (type === 'OSMHeader') checkHeader(data)
      else if (type === 'OSMData') {
        sawData = true
        try {
          readPrimitiveBlock(data, pass, visitor)
        } catch (error) {
          if (error instanceof ImportError) throw error
          throw new ImportError(`The PBF block at byte ${offset} cannot be decoded (${(error as Error).message}): the file is damaged.`, {
            cause: error,
          })
        }
      }
    })
    if (!sawData) throw new ImportError('The PBF file has a header but no data blocks.')
  },
}
