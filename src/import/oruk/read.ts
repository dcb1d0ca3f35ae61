/**
 * Open Referral UK (HSDS-UK) services → assets, streamed one service at a time.
 *
 * Councils publish either the list endpoint's pages concatenated (a JSON array of
 * services) or one page (`{"content": [...], "totalElements": …}`). A service becomes
 * one asset per location that has coordinates (`service_at_locations[].location`, or
 * HSDS 3's `locations`); the service id is kept as the source id (with `/<location
 * id>` when it has several). Services without a usable location are reported, not
 * guessed at.
 */
import type { Hash } from 'node:crypto'
import { openInput, type InputFile } from '../input.ts'
import { jsonArrayElements } from '../json-stream.ts'
import { ImportError, type AssetFeature, type ImportItem } from '../model.ts'
import type { Progress } from '../progress.ts'
import type { TaxonomyMapping } from './categories.ts'

type Json = Record<string, unknown>

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

/** Plain text from feed HTML ("<p>Tea &amp; chat</p>" → "Tea & chat"). */
export function plainText(value: unknown): string {
  if (typeof value !== 'string') return ''
  return value
    .replace(/<(br|\/p|\/div|\/li)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole
      }
      return entities[e.toLowerCase()] ?? whole
    })
    // Control characters would fail the database's text checks and mean nothing here.
    // eslint-disable-next-line no-control-regex -- matching them is the point
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => !!x && typeof x === 'object') : [])
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')
const cap = (s: string, max: number): string | null => (s ? (s.length > max ? `${s.slice(0, max - 1)}…` : s) : null)

function coordinate(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : Number.NaN
  return Number.isFinite(n) ? n : null
}

interface Place {
  id: string
  lon: number
  lat: number
  address: string | null
}

/** The service's locations that have usable coordinates. */
function placesOf(service: Json, serviceName: string): Place[] {
  const locations = [
    ...asArray(service.service_at_locations).map((sal) => (sal.location && typeof sal.location === 'object' ? (sal.location as Json) : sal)),
    ...asArray(service.locations),
  ]
  const places: Place[] = []
  for (const [i, loc] of locations.entries()) {
    const lat = coordinate(loc.latitude)
    const lon = coordinate(loc.longitude)
    // (0, 0) is how some feeds say "unknown"; it is in the Gulf of Guinea, not the UK.
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) continue
    const addresses = [...asArray(loc.physical_addresses), ...asArray(loc.addresses).filter((a) => !a.address_type || a.address_type === 'physical')]
    const a = addresses[0]
    const address = a
      ? [a.address_1, a.address_2, a.city, a.postal_code].map(str).filter(Boolean).join(', ')
      : ''
    // A location's own name ("Church Hall") says where to go when there is no address;
    // one that only repeats the service's name says nothing.
    const locationName = plainText(loc.name)
    const where = address || (locationName !== serviceName ? locationName : '')
    places.push({ id: str(loc.id) || String(i + 1), lon, lat, address: cap(where, 300) })
  }
  return places
}

const weekdays: Record<string, string> = {
  monday: 'Mo', tuesday: 'Tu', wednesday: 'We', thursday: 'Th', friday: 'Fr', saturday: 'Sa', sunday: 'Su',
  mo: 'Mo', tu: 'Tu', we: 'We', th: 'Th', fr: 'Fr', sa: 'Sa', su: 'Su',
}

/** Opening hours as text: "Mo 09:00-17:00; We 10:00-12:00", or the schedules' descriptions. */
function openingHours(service: Json): string | null {
  const parts: string[] = []
  for (const s of [...asArray(service.regular_schedules), ...asArray(service.schedules)]) {
    const day = weekdays[str(s.weekday ?? s.byday).toLowerCase()]
    const opens = str(s.opens_at).slice(0, 5)
    const closes = str(s.closes_at).slice(0, 5)
    if (day && opens && closes) parts.push(`${day} ${opens}-${closes}`)
    else if (plainText(s.description)) parts.push(plainText(s.description))
  }
  return cap([...new Set(parts)].join('; '), 300)
}

function contactOf(service: Json): string | null {
  const phones = [
    ...asArray(service.contacts).flatMap((c) => asArray(c.phones)),
    ...asArray(service.phones),
  ]
  const phone = phones.map((p) => str(p.number)).find(Boolean)
  const email = str(service.email)
  return cap([phone, email].filter(Boolean).join(', '), 300)
}

function websiteOf(service: Json): string | null {
  const url = str(service.url) || str((service.organization as Json | undefined)?.url)
  if (/^https?:\/\/\S+$/i.test(url) && url.length <= 500) return url
  if (/^www\.\S+$/i.test(url) && url.length <= 490) return `https://${url}`
  return null
}

/** Categories by the taxonomy table: own vocabulary, then term names, then name, then description. */
export function categoriesOf(service: Json, taxonomy: TaxonomyMapping): string[] {
  const terms = asArray(service.service_taxonomys)
    .map((st) => (st.taxonomy && typeof st.taxonomy === 'object' ? (st.taxonomy as Json) : st))
    .concat(asArray(service.taxonomies), asArray(service.attributes).map((a) => (a.taxonomy_term as Json) ?? a))
  const own = terms
    .filter((t) => str(t.vocabulary) === taxonomy.vocabulary)
    .map((t) => str(t.id).replace(`${taxonomy.vocabulary}:`, ''))
    .filter((slug) => taxonomy.categories.has(slug) || /^[a-z][a-z-]{1,30}$/.test(slug))
  if (own.length) return [...new Set(own)]
  const termText = terms
    .map((t) => str(t.name) || str(t.term))
    .concat(asArray(service.pc_targetAudience).map((a) => str(a.audienceType) || str(a.id)))
    .join(' | ')
  for (const text of [termText, plainText(service.name), plainText(service.description)]) {
    const found = text ? taxonomy.match(text) : []
    if (found.length) return found
  }
  return []
}

export interface OrukOptions {
  taxonomy: TaxonomyMapping
  /** Used when nothing in a service matches the taxonomy table. */
  defaultCategory?: string
  /** Top-level key holding the services (`content` for a page), or null for a bare array. */
  key: string | null
}

export async function* readOruk(file: InputFile, options: OrukOptions, progress: Progress, hash: Hash): AsyncGenerator<ImportItem> {
  const stream = openInput(file, progress, 'reading services', hash)
  let index = 0
  for await (const raw of jsonArrayElements(stream, options.key, 'Open Referral UK feed')) {
    index++
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ImportError(`Item ${index} of the Open Referral UK feed is not a service object.`)
    }
    const service = raw as Json
    const id = str(service.id)
    const name = plainText(service.name)
    const label = [id || `item ${index}`, name].filter(Boolean).join(' ')
    if (!id) {
      yield { type: 'skip', reason: 'no service id', item: label }
      continue
    }
    if (!name) {
      yield { type: 'skip', reason: 'no name', item: label }
      continue
    }
    const status = str(service.status).toLowerCase()
    if (status && status !== 'active') {
      yield { type: 'skip', reason: `status is "${status}", not active`, item: label }
      continue
    }
    const places = placesOf(service, name)
    if (!places.length) {
      yield { type: 'skip', reason: 'no location with coordinates', item: label }
      continue
    }
    let categories = categoriesOf(service, options.taxonomy)
    if (!categories.length && options.defaultCategory) {
      categories = [options.defaultCategory]
      yield { type: 'note', note: `services given the default category (${options.defaultCategory})` }
    }
    if (!categories.length) {
      yield { type: 'skip', reason: 'no category matched (pass --default-category)', item: label }
      continue
    }
    const shared = { openingHours: openingHours(service), contact: contactOf(service), website: websiteOf(service) }
    for (const place of places) {
      const asset: AssetFeature = {
        type: 'asset',
        sourceId: places.length === 1 ? id : `${id}/${place.id}`,
        name: cap(name, 200)!,
        categories,
        lon: place.lon,
        lat: place.lat,
        address: place.address,
        ...shared,
      }
      yield asset
    }
  }
  if (index === 0) throw new ImportError('The Open Referral UK feed has no services.')
}
