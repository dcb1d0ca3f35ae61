import { describe, expect, it } from 'vitest'
import { countInView } from '../../src/features/map/countInView.ts'
import { filterByTopics, pointsInView, shownData } from '../../src/state/filter.ts'
import { fixtureData, fixtureView } from '../helpers/map-fixtures.ts'

describe('filterByTopics', () => {
  const assets = fixtureData().assets.features
  it('keeps everything for null (all topics) and nothing for []', () => {
    expect(filterByTopics(assets, null)).toHaveLength(3)
    expect(filterByTopics(assets, [])).toHaveLength(0)
  })
  it('keeps a feature serving any chosen topic, not only its first', () => {
    expect(filterByTopics(assets, ['culture']).map((f) => f.properties.id)).toEqual(['a1'])
    expect(filterByTopics(assets, ['youth']).map((f) => f.properties.id)).toEqual(['a3'])
  })
})

describe('pointsInView', () => {
  it('keeps only features inside the view, for visible layers', () => {
    const inView = pointsInView(fixtureData(), fixtureView, ['assets', 'needs'])
    expect(inView.assets.map((f) => f.properties.id)).toEqual(['a1', 'a2'])
    expect(inView.enterprises).toEqual([])
    expect(inView.needs).toHaveLength(2)
  })
  it('says when a visible layer was cut short by the server', () => {
    const data = fixtureData()
    data.needs.truncated = true
    expect(pointsInView(data, fixtureView, ['needs']).truncated).toBe(true)
    expect(pointsInView(data, fixtureView, ['assets']).truncated).toBe(false)
  })
  it('is empty before the view is known', () => {
    expect(pointsInView(fixtureData(), null, ['assets']).assets).toEqual([])
  })
})

describe('countInView (the legend)', () => {
  it('counts each layer once per feature and each topic once per feature serving it', () => {
    const counts = countInView(pointsInView(fixtureData(), fixtureView, ['assets', 'enterprises', 'needs']))
    expect(counts.layers).toEqual({ assets: 2, enterprises: 1, needs: 2 })
    expect(counts.topics.food).toEqual({ assets: 1, enterprises: 1, needs: 1, total: 3 })
    expect(counts.topics.culture).toEqual({ assets: 1, enterprises: 0, needs: 0, total: 1 })
    expect(counts.topics.youth).toEqual({ assets: 0, enterprises: 0, needs: 1, total: 1 })
    expect(counts.topics.housing).toBeUndefined()
  })
  it('follows the topic filter, as the map does', () => {
    const shown = shownData(fixtureData(), ['youth'])
    const counts = countInView(pointsInView(shown, fixtureView, ['assets', 'enterprises', 'needs']))
    expect(counts.layers).toEqual({ assets: 0, enterprises: 0, needs: 1 })
  })
})
