import { describe, expect, it } from 'vitest'
import { buildSearchIndex, normalise, search } from '../../src/features/map/search.ts'
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
