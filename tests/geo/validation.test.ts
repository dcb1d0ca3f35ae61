/** The gap verbs refuse malformed layers loudly, naming what is wrong. */
import { describe, expect, it } from 'vitest'
import { buildGapModel } from '../../src/geo/buildGapModel.ts'
import { neighbourhoodGaps } from '../../src/geo/neighbourhoodGaps.ts'
import { streetGaps } from '../../src/geo/streetGaps.ts'
import { whatIf } from '../../src/geo/whatIf.ts'

const street = { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [0.01, 0]] }, properties: { id: 's1' } }
const need = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [0.005, 0] },
  properties: { id: 'n1', category: 'food', status: 'open', street_id: 's1', supporters: 0 },
}
const asset = { type: 'Feature', geometry: { type: 'Point', coordinates: [0.005, 0.001] }, properties: { id: 'a1', categories: ['food'] } }
const ok = { streets: [street], needs: [need], assets: [asset] } as any
const withProps = (f: any, props: object) => ({ ...f, properties: { ...f.properties, ...props } })
const withCoords = (f: any, coordinates: unknown) => ({ ...f, geometry: { ...f.geometry, coordinates } })

describe('gap input validation', () => {
  it('accepts a FeatureCollection or an array, and no providers at all', () => {
    expect(streetGaps({ ...ok, streets: { type: 'FeatureCollection', features: [street] } })[0].gap).toBe(0.5)
    expect(streetGaps({ streets: [street], needs: [need] } as any)[0].gap).toBe(1)
  })

  it.each([
    ['a radius below 50 m', { ...ok, radiusM: 10 }, RangeError, /between 50 and 5000/],
    ['a radius that is not a number', { ...ok, radiusM: '400' }, RangeError, /between 50 and 5000/],
    ['an empty category filter', { ...ok, categories: [] }, TypeError, /non-empty array/],
    ['a repeated category', { ...ok, categories: ['food', 'food'] }, TypeError, /listed once/],
    ['a category that is not a slug', { ...ok, categories: ['Food!'] }, TypeError, /not a category slug/],
    ['streets that are not a list', { ...ok, streets: 'x' }, TypeError, /streets must be a FeatureCollection/],
    ['a street without an id', { ...ok, streets: [withProps(street, { id: undefined })] }, TypeError, /street 0 has no id/],
    ['a street listed twice', { ...ok, streets: [street, street] }, TypeError, /street s1 is listed twice/],
    ['a street with one position', { ...ok, streets: [withCoords(street, [[0, 0]])] }, TypeError, /at least two positions/],
    ['a street that is a polygon', { ...ok, streets: [{ ...street, geometry: { type: 'Polygon', coordinates: [] } }] }, TypeError, /LineString/],
    ['a need off the globe', { ...ok, needs: [withCoords(need, [0, 91])] }, RangeError, /need n1 has coordinates out of range/],
    ['a need at NaN', { ...ok, needs: [withCoords(need, [Number.NaN, 0])] }, TypeError, /not finite/],
    ['a need without a status', { ...ok, needs: [withProps(need, { status: undefined })] }, TypeError, /need n1 has no status/],
    ['negative supporters', { ...ok, needs: [withProps(need, { supporters: -1 })] }, TypeError, /supporters count/],
    ['an asset without categories', { ...ok, assets: [withProps(asset, { categories: [] })] }, TypeError, /asset a1 must have a non-empty categories/],
    ['an enterprise without a status', { ...ok, enterprises: [withProps(asset, { id: 'e1' })] }, TypeError, /enterprise e1 has no status/],
  ])('refuses %s', (_what, input, type, message) => {
    expect(() => streetGaps(input)).toThrow(type)
    expect(() => streetGaps(input)).toThrow(message)
  })

  it('refuses bad options and bad hypothetical providers', () => {
    expect(() => streetGaps(ok, { maxResults: 0 })).toThrow(/maxResults/)
    expect(() => neighbourhoodGaps(ok, [{ code: 'x' } as any])).toThrow(/neighbourhood 0 has no id/)
    const model = buildGapModel(ok)
    expect(() => whatIf(ok, { coordinates: [0, 0], categories: ['food'] })).toThrow(/buildGapModel first/)
    expect(() => whatIf(model, { coordinates: [0, 200], categories: ['food'] })).toThrow(RangeError)
    expect(() => whatIf(model, { coordinates: [0, 0], categories: [] })).toThrow(/non-empty categories/)
    expect(() => whatIf(model, { coordinates: [0, 0], categories: ['food', 'food'] })).toThrow(/listed once/)
  })
})
