/**
 * Output formats for exports, each written row by row to a sink so an export of any
 * size needs memory for one page of rows only.
 */
import { attributionFor } from '../../data/attribution.ts'
import type { Layer, Row } from './layers.ts'

export interface Sink {
  write(text: string): Promise<void>
}

/** The attribution notices for the sources that appear in an export. */
export function attributionNotices(sources: Iterable<string>): string[] {
  const notices = new Set<string>()
  for (const s of sources) {
    const a = attributionFor(s)
    if (a) notices.add(a.url ? `${a.notice} (${a.url})` : a.notice)
  }
  return [...notices]
}

/** GeoJSON FeatureCollection; the attribution goes in a foreign member at the end. */
export async function writeGeojson(rows: AsyncIterable<Row>, sink: Sink): Promise<{ count: number; sources: Set<string> }> {
  const sources = new Set<string>()
  let count = 0
  await sink.write('{"type":"FeatureCollection","features":[\n')
  for await (const row of rows) {
    if (row.source) sources.add(row.source)
    const feature = `{"type":"Feature","id":${JSON.stringify(row.id)},"geometry":${row.geojson},"properties":${JSON.stringify(row.properties)}}`
    await sink.write(count++ ? `,\n${feature}` : feature)
  }
  await sink.write(`\n],"attribution":${JSON.stringify(attributionNotices(sources))}}\n`)
  return { count, sources }
}

/**
 * A CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @
 * first) is prefixed with an apostrophe: residents write need texts, and an export
 * must not become a way to run formulas on a planner's machine.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text: string
  if (value instanceof Date) text = value.toISOString()
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.join(';')
  else if (typeof value === 'string') text = value
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value)
  else text = JSON.stringify(value) ?? '' // objects; functions and symbols have no text
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export async function writeCsv(layer: Layer, rows: AsyncIterable<Row>, sink: Sink): Promise<{ count: number; sources: Set<string> }> {
  const sources = new Set<string>()
  let count = 0
  const geometryColumns = layer.point ? ['lon', 'lat'] : ['wkt']
  await sink.write(`${[...layer.columns, ...geometryColumns].join(',')}\r\n`)
  for await (const row of rows) {
    if (row.source) sources.add(row.source)
    let geometry: unknown[]
    if (layer.point) {
      const [lon, lat] = (JSON.parse(row.geojson) as { coordinates: [number, number] }).coordinates
      geometry = [lon, lat]
    } else geometry = [row.wkt]
    const cells = [...layer.columns.map((c) => row.properties[c]), ...geometry].map(csvCell)
    await sink.write(`${cells.join(',')}\r\n`)
    count++
  }
  return { count, sources }
}

const emailPattern = /[^\s,;<>]+@[^\s,;<>]+\.[^\s,;<>]+/g

/**
 * Assets as Open Referral UK services, in the shape of the ORUK v1 `/services` page
 * (`content`, `totalElements`…), each at one location with coordinates, with our
 * categories as taxonomy terms of the vocabulary "streetlevel" (which the importer
 * maps straight back).
 */
export async function writeOruk(
  rows: AsyncIterable<Row>,
  sink: Sink,
  categoryLabels: ReadonlyMap<string, string>,
): Promise<{ count: number; sources: Set<string> }> {
  const sources = new Set<string>()
  let count = 0
  await sink.write('{"content":[\n')
  for await (const row of rows) {
    if (row.source) sources.add(row.source)
    const p = row.properties as {
      id: string
      name: string
      categories: string[]
      address: string | null
      opening_hours: string | null
      contact: string | null
      website: string | null
      updated_at: Date | string | null
    }
    const [longitude, latitude] = (JSON.parse(row.geojson) as { coordinates: [number, number] }).coordinates
    const contact = p.contact ?? ''
    const emails = contact.match(emailPattern) ?? []
    const phone = contact.replace(emailPattern, '').replace(/^[\s,;]+|[\s,;]+$/g, '')
    const service = {
      id: p.id,
      name: p.name,
      description: '',
      url: p.website ?? '',
      email: emails[0] ?? '',
      status: 'active',
      service_at_locations: [
        {
          id: p.id,
          location: {
            id: p.id,
            name: p.name,
            latitude,
            longitude,
            physical_addresses: p.address ? [{ id: p.id, address_1: p.address, city: '', postal_code: '', country: 'GB' }] : [],
          },
        },
      ],
      service_taxonomys: p.categories.map((slug) => ({
        id: `${p.id}:${slug}`,
        taxonomy: { id: `streetlevel:${slug}`, name: categoryLabels.get(slug) ?? slug, vocabulary: 'streetlevel' },
      })),
      regular_schedules: p.opening_hours ? [{ id: `${p.id}:hours`, description: p.opening_hours }] : [],
      contacts: phone ? [{ id: `${p.id}:contact`, name: '', phones: [{ id: `${p.id}:phone`, number: phone }] }] : [],
      pc_metadata: { date_modified: p.updated_at instanceof Date ? p.updated_at.toISOString().slice(0, 10) : p.updated_at },
    }
    await sink.write(`${count++ ? ',\n' : ''}${JSON.stringify(service)}`)
  }
  await sink.write(
    `\n],"totalElements":${count},"totalPages":1,"number":1,"size":${count},"first":true,"last":true,"attribution":${JSON.stringify(attributionNotices(sources))}}\n`,
  )
  return { count, sources }
}
