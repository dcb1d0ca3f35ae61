import { describe, expect, it } from 'vitest'
import { defaultState, parseUrlState, serialiseUrlState, type UrlState } from '../../src/state/urlState.ts'

const sample: UrlState = {
  camera: { lon: -3.40123, lat: 54.10456, zoom: 16.25, bearing: -30, pitch: 40 },
  layers: ['streets', 'assets', 'needs'],
  topics: ['food', 'youth'],
  selected: { layer: 'needs', id: '6ef349f5-2ca6-44c4-873b-9b8bf8ca8d9d' },
  tab: 'list',
}

describe('URL state', () => {
  it('round-trips a full state', () => {
    expect(parseUrlState(serialiseUrlState(sample))).toEqual(sample)
  })

  it('round-trips the default state, and writes only the position for it', () => {
    expect(serialiseUrlState(defaultState)).toBe('?map=14/54.1/-3.4')
    expect(parseUrlState(serialiseUrlState(defaultState))).toEqual(defaultState)
  })

  it('keeps "no topics" apart from "all topics"', () => {
    const none = { ...defaultState, topics: [] }
    expect(serialiseUrlState(none)).toContain('topics=none')
    expect(parseUrlState(serialiseUrlState(none)).topics).toEqual([])
    expect(parseUrlState('?map=14/54.1/-3.4').topics).toBeNull()
  })

  it('keeps "no layers" apart from the default layers', () => {
    const none = { ...defaultState, layers: [] }
    expect(parseUrlState(serialiseUrlState(none)).layers).toEqual([])
  })

  it('writes readable links', () => {
    expect(serialiseUrlState(sample)).toBe(
      '?map=16.25/54.10456/-3.40123/-30/40&layers=streets,assets,needs&topics=food,youth&sel=needs/6ef349f5-2ca6-44c4-873b-9b8bf8ca8d9d&tab=list',
    )
  })

  it('falls back to defaults for malformed parts, keeping the good ones', () => {
    const state = parseUrlState('?map=abc/1/2&layers=streets,bogus&topics=Food!,youth&sel=tables/1&tab=evil')
    expect(state.camera).toEqual(defaultState.camera)
    expect(state.layers).toEqual(['streets'])
    expect(state.topics).toEqual(['youth'])
    expect(state.selected).toBeNull()
    expect(state.tab).toBe('key')
  })

  it('clamps the zoom and normalises the bearing', () => {
    const state = parseUrlState('?map=30/54.1/-3.4/270')
    expect(state.camera.zoom).toBe(19)
    expect(state.camera.bearing).toBe(-90)
  })

  it('refuses positions off the map', () => {
    expect(parseUrlState('?map=14/95/-3.4').camera).toEqual(defaultState.camera)
    expect(parseUrlState('?map=14/54/-200').camera).toEqual(defaultState.camera)
  })

  it('refuses a selection whose id could smuggle a path', () => {
    expect(parseUrlState('?sel=assets/../../x').selected).toBeNull()
    expect(parseUrlState('?sel=assets/<script>').selected).toBeNull()
  })
})

describe('URL state of the planner view', () => {
  it('round-trips the gaps mode with its filters', () => {
    const gaps: UrlState = {
      ...defaultState,
      mode: 'gaps',
      planner: { radius: 800, category: 'food', neighbourhood: '6ef349f5-2ca6-44c4-873b-9b8bf8ca8d9d', shade: 'demand' },
    }
    const url = serialiseUrlState(gaps)
    expect(url).toBe('?map=14/54.1/-3.4&mode=gaps&r=800&cat=food&nb=6ef349f5-2ca6-44c4-873b-9b8bf8ca8d9d&shade=demand')
    expect(parseUrlState(url)).toEqual(gaps)
  })

  it('writes only mode=gaps for the default filters, and nothing for the map', () => {
    expect(serialiseUrlState({ ...defaultState, mode: 'gaps' })).toBe('?map=14/54.1/-3.4&mode=gaps')
    expect(serialiseUrlState({ ...defaultState, mode: 'map' })).toBe('?map=14/54.1/-3.4')
    expect(parseUrlState('?mode=gaps').planner).toEqual({ radius: 400, category: null, neighbourhood: null, shade: 'coverage' })
  })

  it('falls back to the defaults for a catchment it does not offer, or a malformed topic', () => {
    expect(parseUrlState('?mode=gaps&r=123&cat=<b>').planner).toMatchObject({ radius: 400, category: null })
    expect(parseUrlState('?r=800').mode).toBeUndefined()
  })
})
