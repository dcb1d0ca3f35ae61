/**
 * Every layer module, built into one style, must pass the MapLibre style spec; and the
 * category colours in the layers must be the taxonomy's (read from the migration).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { categoriesFromMigration } from '../helpers/map-fixtures.ts'
import { FONTS, glyphsUrl } from '../../src/map/fonts.ts'
import { layerModules } from '../../src/map/layers/index.ts'
import { CHOROPLETH_STOPS } from '../../src/map/layers/neighbourhoodChoropleth.ts'
import { GAP_BREAKS, GAP_COLOURS, gapClass } from '../../src/map/layers/streetGaps.ts'
import { GROUPS, groupOf } from '../../src/map/layers/types.ts'
import { buildStyle, overlay } from '../../src/map/style.ts'
import { highlightOpacity } from '../../src/map/layers/streets.ts'
import { fromTileProps, isTileRequest, tileUrl, TOPIC_LAYERS } from '../../src/data/tiles.ts'
import { resultsLayer } from '../../src/map/layers/results.ts'

const categories = categoriesFromMigration()
const style = buildStyle({ categories, fonts: FONTS, glyphs: glyphsUrl('http://localhost:4173/') })

describe('the map style built from every layer module', () => {
  it('reads the whole taxonomy from the migration', () => {
    expect(categories.length).toBe(17)
    expect(categories[0]).toEqual({ slug: 'food', label: 'Food', icon: 'basket', colour: '#e69f00', sort_order: 1 })
  })

  it('passes validateStyleMin with no errors', () => {
    expect(validateStyleMin(style)).toEqual([])
  })

  it('also passes with an empty taxonomy (before categories load)', () => {
    expect(validateStyleMin(buildStyle({ categories: [], fonts: FONTS, glyphs: glyphsUrl('http://x/') }))).toEqual([])
  })

  it('has a source for each module and no layer without its source', () => {
    for (const m of layerModules) expect(style.sources[m.sourceId]).toBeDefined()
    for (const layer of style.layers) {
      if ('source' in layer) expect(Object.keys(style.sources)).toContain(layer.source)
    }
  })

  it('promotes `id` on every source a pointer can pick, so feature-state works (the gap layer: its street, so a street lights up whole)', () => {
    for (const m of layerModules.filter((mod) => mod.interactiveLayers.length > 0)) {
      expect(m.source).toMatchObject({ type: m.tiled ? 'vector' : 'geojson', promoteId: m.sourceId === 'sl-street-gaps' ? 'street' : 'id' })
    }
  })

  it('draws streets and needs from map_tile vector tiles, each layer reading the source-layer of its name', () => {
    const tiled = buildStyle({ categories, fonts: FONTS, glyphs: 'http://x/{fontstack}/{range}.pbf', tileUrl: (l) => tileUrl('https://abc.supabase.co', l, l === 'needs' ? ['health', 'food'] : null) })
    expect(validateStyleMin(tiled)).toEqual([])
    expect(tiled.sources['sl-streets']).toMatchObject({ type: 'vector', maxzoom: 14, tiles: ['https://abc.supabase.co/rest/v1/rpc/map_tile?layer=streets&z={z}&x={x}&y={y}'] })
    expect(tiled.sources['sl-needs']).toMatchObject({ type: 'vector', tiles: ['https://abc.supabase.co/rest/v1/rpc/map_tile?layer=needs&z={z}&x={x}&y={y}&categories=%7Bfood%2Chealth%7D'] })
    for (const layer of tiled.layers) {
      if ('source' in layer && (layer.source === 'sl-streets' || layer.source === 'sl-needs')) {
        expect((layer as { 'source-layer'?: string })['source-layer']).toBe(layer.source.slice(3))
      }
    }
    expect(isTileRequest('https://abc.supabase.co', 'https://abc.supabase.co/rest/v1/rpc/map_tile?layer=needs&z=1&x=0&y=0')).toBe(true)
    expect(isTileRequest('https://abc.supabase.co', 'https://tiles.example.org/rest/v1/rpc/map_tile?layer=needs')).toBe(false)
  })

  it('draws the server\'s need counts per cell below street zoom, points from it on', () => {
    expect(style.layers.find((l) => l.id === 'needs-cluster')).toMatchObject({ filter: ['has', 'count'] })
    expect(style.layers.find((l) => l.id === 'needs-ring')).toMatchObject({ filter: ['!', ['has', 'count']] })
  })

  it('lights up a selected street\'s whole group, by group_id', () => {
    expect(JSON.stringify(highlightOpacity('g1'))).toContain('["==",["get","group_id"],"g1"]')
  })

  it('draws fills, then lines, then labels, then points', () => {
    const ranks = overlay({ categories, fonts: FONTS }).layers.map((l) => GROUPS.indexOf(groupOf(l)))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    const ids = style.layers.map((l) => l.id)
    expect(ids.indexOf('neighbourhoods-label')).toBeGreaterThan(ids.indexOf('streets-fill'))
    expect(ids.indexOf('needs-ring')).toBeGreaterThan(ids.indexOf('assets-circle'))
  })

  it('colours points by the taxonomy, with every category present', () => {
    const circle = style.layers.find((l) => l.id === 'assets-circle')
    const colour = JSON.stringify(circle && 'paint' in circle ? circle.paint : null)
    for (const c of categories) expect(colour).toContain(`"${c.slug}","${c.colour}"`)
  })

  it('labels with the fonts shipped under public/fonts, on our own origin', () => {
    expect(style.glyphs).toBe('http://localhost:4173/fonts/{fontstack}/{range}.pbf')
    const fonts = new Set(style.layers.flatMap((l) => ((l as { layout?: Record<string, unknown> }).layout?.['text-font'] as string[]) ?? []))
    for (const f of fonts) {
      expect(readFileSync(new URL(`../../public/fonts/${f}/0-255.pbf`, import.meta.url)).length).toBeGreaterThan(1000)
    }
    expect(fonts.size).toBe(2)
  })

  it('names streets along the line from street zoom', () => {
    const label = style.layers.find((l) => l.id === 'streets-label')
    expect(label).toMatchObject({ type: 'symbol', minzoom: 14, layout: { 'symbol-placement': 'line' } })
  })

  it('colours the planners\' gap streets in five classes, on top of the streets and under their names', () => {
    const line = style.layers.find((l) => l.id === 'street-gaps-line')
    expect(line).toMatchObject({ type: 'line', source: 'sl-street-gaps' })
    const colour = (line as { paint: Record<string, unknown> }).paint['line-color']
    expect(colour).toEqual(['step', ['get', 'gap'], GAP_COLOURS[0], 2, GAP_COLOURS[1], 5, GAP_COLOURS[2], 10, GAP_COLOURS[3], 20, GAP_COLOURS[4]])
    const ids = style.layers.map((l) => l.id)
    expect(ids.indexOf('street-gaps-line')).toBeGreaterThan(ids.indexOf('streets-fill'))
    expect(ids.indexOf('street-gaps-line')).toBeLessThan(ids.indexOf('streets-label'))
    expect(ids.indexOf('street-gaps-changed')).toBeGreaterThan(ids.indexOf('street-gaps-line'))
    expect(style.sources['sl-street-gaps']).toMatchObject({ type: 'geojson', promoteId: 'street' })
  })

  it('puts each gap into the class its step expression draws', () => {
    expect([0, 1.99, 2, 4.9, 5, 10, 19.9, 20, 300].map(gapClass)).toEqual([0, 0, 1, 1, 2, 3, 3, 4, 4])
    expect(GAP_BREAKS).toEqual([...GAP_BREAKS].sort((a, b) => a - b))
  })

  it('shades the neighbourhood choropleth under the streets, from light to dark', () => {
    const ids = style.layers.map((l) => l.id)
    expect(ids.indexOf('neighbourhood-choropleth-fill')).toBeGreaterThan(ids.indexOf('neighbourhoods-fill'))
    expect(ids.indexOf('neighbourhood-choropleth-fill')).toBeLessThan(ids.indexOf('streets-casing'))
    expect(CHOROPLETH_STOPS.map(([v]) => v)).toEqual([0, 0.25, 0.5, 0.75, 1])
  })

  it('marks a hypothetical provider above everything but the reader\'s own position', () => {
    const ids = style.layers.map((l) => l.id)
    for (const id of ['hypothetical-catchment', 'hypothetical-dot', 'hypothetical-label']) {
      expect(ids.indexOf(id)).toBeGreaterThan(ids.indexOf('needs-ring'))
    }
    expect(ids.indexOf('hypothetical-label')).toBeLessThan(ids.indexOf('location-dot'))
  })
})

describe('every map layer from tiles', () => {
  it('draws assets, enterprises, neighbourhoods, streets and needs from map_tile, each layer from its own source-layer', () => {
    for (const id of ['assets', 'enterprises', 'neighbourhoods', 'streets', 'needs'] as const) {
      const m = layerModules.find((x) => x.id === id)!
      expect(m.tiled, id).toBe(true)
      expect(m.source.type, id).toBe('vector')
      for (const layer of m.layers({ categories, fonts: FONTS })) expect((layer as { 'source-layer'?: string })['source-layer'], layer.id).toBe(id)
    }
  })

  it('names each neighbourhood once, from its label point, and shades only its areas', () => {
    const layers = layerModules.find((x) => x.id === 'neighbourhoods')!.layers({ categories, fonts: FONTS })
    const filterOf = (id: string) => JSON.stringify((layers.find((l) => l.id === id) as { filter?: unknown }).filter)
    expect(filterOf('neighbourhoods-label')).toBe(JSON.stringify(['==', ['get', 'label'], true]))
    expect(filterOf('neighbourhoods-fill')).toBe(JSON.stringify(['!=', ['get', 'label'], true]))
    expect(filterOf('neighbourhoods-outline')).toBe(JSON.stringify(['!=', ['get', 'label'], true]))
  })

  it('asks the point layers for the chosen topics, sorted, and the others for everything', () => {
    expect(decodeURIComponent(tileUrl('http://x', 'assets', ['youth', 'food']))).toContain('categories={food,youth}')
    expect(tileUrl('http://x', 'neighbourhoods')).not.toContain('categories')
    expect(TOPIC_LAYERS).toEqual(['assets', 'enterprises', 'needs'])
  })

  it('reads tile properties as the GeoJSON layers had them', () => {
    expect(fromTileProps({ id: 'a', categories: 'food,youth', verified: true })).toEqual({ id: 'a', categories: ['food', 'youth'], verified: true })
    expect(fromTileProps({ id: 'b', categories: '' })).toEqual({ id: 'b', categories: [] })
    expect(fromTileProps({ id: 'c', category: 'food' })).toEqual({ id: 'c', category: 'food' })
  })

  it('draws the projects tab results as enterprises, from their own GeoJSON source', () => {
    const [layer] = resultsLayer.layers({ categories, fonts: FONTS })
    expect(layer).toMatchObject({ id: 'results-symbol', source: resultsLayer.sourceId, type: 'symbol' })
    expect('source-layer' in layer).toBe(false)
    expect(resultsLayer.source.type).toBe('geojson')
  })
})
