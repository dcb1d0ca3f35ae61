/**
 * Input checks shared by the gap verbs. Each throws a TypeError (wrong shape) or a
 * RangeError (a value out of bounds) whose message is a sentence naming the offending
 * feature, so a bad layer fails loudly instead of scoring silently wrong.
 */
import type { Feature, LineString, Point, Position } from 'geojson'
import { MAX_RADIUS_M, MIN_RADIUS_M } from '../gapTypes.ts'

const SLUG = /^[a-z][a-z-]{1,30}$/

/** The catchment, as private.check_gap_params checks it. */
export function checkRadius(fn: string, radiusM: unknown): number {
  if (typeof radiusM !== 'number' || !Number.isFinite(radiusM) || radiusM < MIN_RADIUS_M || radiusM > MAX_RADIUS_M) {
    throw new RangeError(`${fn}: the catchment distance (metres) must be between ${MIN_RADIUS_M} and ${MAX_RADIUS_M}.`)
  }
  return radiusM
}

/** A list of distinct category slugs; `allowNull` for an optional filter. */
export function checkCategories(fn: string, categories: unknown, allowNull: boolean): string[] | null {
  if (categories === null || categories === undefined) {
    if (allowNull) return null
    throw new TypeError(`${fn}: choose at least one category.`)
  }
  if (!Array.isArray(categories) || categories.length === 0) {
    throw new TypeError(`${fn}: categories must be a non-empty array of category slugs.`)
  }
  for (const c of categories) {
    if (typeof c !== 'string' || !SLUG.test(c)) throw new TypeError(`${fn}: ${JSON.stringify(c)} is not a category slug.`)
  }
  if (new Set(categories).size !== categories.length) throw new TypeError(`${fn}: each category may be listed once.`)
  return [...(categories as string[])]
}

/** The features of a FeatureCollection or plain array (absent: none, when optional). */
export function featureList<G extends LineString | Point, P>(
  fn: string,
  label: string,
  value: { features: Feature<G, P>[] } | Feature<G, P>[] | undefined,
  optional: boolean,
): Feature<G, P>[] {
  if (value === undefined && optional) return []
  const list = Array.isArray(value) ? value : value && Array.isArray(value.features) ? value.features : null
  if (!list) throw new TypeError(`${fn}: ${label} must be a FeatureCollection or an array of features.`)
  return list
}

/** A finite WGS84 position. */
export function checkPosition(fn: string, what: string, position: unknown): Position {
  if (!Array.isArray(position) || position.length < 2) throw new TypeError(`${fn}: ${what} has no [lon, lat] position.`)
  const [lon, lat] = position as unknown[]
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw new TypeError(`${fn}: ${what} has coordinates that are not finite numbers.`)
  }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw new RangeError(`${fn}: ${what} has coordinates out of range (longitude −180..180, latitude −90..90).`)
  }
  return position as Position
}

/** The point of a Point feature. */
export function pointOf(fn: string, what: string, feature: Feature<Point, unknown>): Position {
  if (!feature || feature.type !== 'Feature' || !feature.geometry || feature.geometry.type !== 'Point') {
    throw new TypeError(`${fn}: ${what} must be a Feature with a Point geometry.`)
  }
  return checkPosition(fn, what, feature.geometry.coordinates)
}

/** The positions of a LineString feature (at least two). */
export function lineOf(fn: string, what: string, feature: Feature<LineString, unknown>): Position[] {
  if (!feature || feature.type !== 'Feature' || !feature.geometry || feature.geometry.type !== 'LineString') {
    throw new TypeError(`${fn}: ${what} must be a Feature with a LineString geometry.`)
  }
  const coords = feature.geometry.coordinates
  if (!Array.isArray(coords) || coords.length < 2) throw new TypeError(`${fn}: ${what} needs at least two positions.`)
  for (const p of coords) checkPosition(fn, what, p)
  return coords
}

/** A non-empty string property. */
export function stringProp(fn: string, what: string, props: Record<string, unknown> | null | undefined, key: string): string {
  const v = props?.[key]
  if (typeof v !== 'string' || v.length === 0) throw new TypeError(`${fn}: ${what} has no ${key}.`)
  return v
}

/** The categories property of a provider: a non-empty array of strings. */
export function categoriesProp(fn: string, what: string, props: Record<string, unknown> | null | undefined): string[] {
  const v = props?.categories
  if (!Array.isArray(v) || v.length === 0 || v.some((c) => typeof c !== 'string')) {
    throw new TypeError(`${fn}: ${what} must have a non-empty categories array.`)
  }
  return v as string[]
}
