import { describe, expect, it } from 'vitest'
import { buildSearchIndex, fromPlaceHit, mergeResults, normalise, search } from '../../src/features/map/search.ts'
import { fixtureData } from '../helpers/map-fixtures.ts'

const items = buildSearchIndex(fixtureData(), (id) => (id === 'n1' ? 'Old Town' : null))

describe('search over loaded features', () => {
  it('normalises case, accents and punctuation', () => {
    expect(normalise('  St. Anne’s CAFÉ ')).toBe('st anne s cafe')
  })

  it('lists a street once however many segments it has, spanning them all', () => {
    const church = items.filter((i) => i.kind === 'street' && i.label === 'Church Street')
    expect(church).toHaveLength(1)
    expect(church[0].bbox).toEqual([-3.41, 54.1, -3.4, 54.1])
    expect(church[0].detail).toBe('Old Town')
  })

  it('ranks the start of a name above a word inside it, and streets first on ties', () => {
    expect(search(items, 'ch').map((i) => i.label).slice(0, 2)).toEqual(['Chapel Lane', 'Church Street'])
    // A word inside a name ("school") comes after names that start with the query.
    expect(search(items, 'ch').map((i) => i.label)).toContain('Somewhere for teenagers to go after school')
    expect(search(items, 'street')[0].label).toBe('Church Street')
  })

  it('finds places, enterprises, neighbourhoods and needs', () => {
    expect(search(items, 'library')[0]).toMatchObject({ kind: 'asset', id: 'a1', layer: 'assets' })
    expect(search(items, 'cafe')[0]).toMatchObject({ kind: 'enterprise', id: 'e1' })
    expect(search(items, 'old town')[0]).toMatchObject({ kind: 'neighbourhood', id: 'n1' })
    expect(search(items, 'teenagers')[0]).toMatchObject({ kind: 'need', id: 'd1' })
  })

  it('matches every word, in any order, across name and detail', () => {
    expect(search(items, 'bank chapel').map((i) => i.id)).toEqual(['a2'])
  })

  it('finds nothing for an empty query or a word that is not there', () => {
    expect(search(items, '   ')).toEqual([])
    expect(search(items, 'zebra')).toEqual([])
  })

  it('stops at the limit', () => {
    expect(search(items, 'e', 2)).toHaveLength(2)
  })
})

describe('merging the server’s hits into the loaded ones', () => {
  const hit = (id: string, context: string, bbox: [number, number, number, number]) =>
    fromPlaceHit({ kind: 'street', id, name: 'Main Street', context, point: [bbox[0], bbox[1]], bbox })
  const local = search(buildSearchIndex({
    ...fixtureData(),
    streets: { type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[-0.70, 52.6], [-0.69, 52.6]] }, properties: { id: 's-a', name: 'Main Street', highway: 'residential', neighbourhood_id: null, source: 'osm' } },
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[-0.60, 52.7], [-0.59, 52.7]] }, properties: { id: 's-b', name: 'Main Street', highway: 'residential', neighbourhood_id: null, source: 'osm' } },
    ] },
  } as ReturnType<typeof fixtureData>), 'main')

  it('lists one row per street as people know it once the server answers, not one merged row per name', () => {
    expect(local.filter((i) => i.kind === 'street')).toHaveLength(1)
    const merged = mergeResults(local, [hit('s-a', 'Ayston', [-0.70, 52.6, -0.69, 52.6]), hit('s-b', 'Barrow', [-0.60, 52.7, -0.59, 52.7])])
    expect(merged.filter((i) => i.kind === 'street').map((i) => [i.id, i.detail, i.bbox])).toEqual([
      ['s-a', 'Ayston', [-0.70, 52.6, -0.69, 52.6]],
      ['s-b', 'Barrow', [-0.60, 52.7, -0.59, 52.7]],
    ])
  })

  it('keeps the loaded row while the server has no street of that name', () => {
    expect(mergeResults(local, []).filter((i) => i.kind === 'street')).toHaveLength(1)
  })
})

