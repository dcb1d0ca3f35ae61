/**
 * Every layer module, built into one style, must pass the MapLibre style spec; and the
 * category colours in the layers must be the taxonomy's (read from the migration).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Color, createExpression, featureFilter, latest as spec, validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { categoriesFromMigration } from '../helpers/map-fixtures.ts'
import { FONTS, glyphsUrl } from '../../src/map/fonts.ts'
import { layerModules } from '../../src/map/layers/index.ts'
import { CHOROPLETH_STOPS, choroplethStyle, noShades } from '../../src/map/layers/neighbourhoodChoropleth.ts'
import { GAP_BREAKS, GAP_COLOURS, gapClass, gapStyle } from '../../src/map/layers/streetGaps.ts'
import { GROUPS, groupOf } from '../../src/map/layers/types.ts'
import { buildStyle, overlay } from '../../src/map/style.ts'
import { highlightOpacity } from '../../src/map/layers/streets.ts'
import { fromTileProps, isTileRequest, TILE_LAYERS, TILES_SOURCE, tileUrl, TOPIC_LAYERS } from '../../src/data/tiles.ts'
import { resultsLayer } from '../../src/map/layers/results.ts'

const categories = categoriesFromMigration()
/** A street segment as a tile feature (a line, its id). */
const segment = (id: string) => ({ type: 2, properties: { id } }) as never
const colourOf = (css: string) => Color.parse(css)
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

  it('promotes `id` on every source a pointer can pick, so feature-state works (the gap lines: the streets\' own source)', () => {
    for (const m of layerModules.filter((mod) => mod.interactiveLayers.length > 0)) {
      expect(m.source).toMatchObject({ type: m.tiled || m.shared ? 'vector' : 'geojson', promoteId: 'id' })
    }
  })

  it('draws every tiled layer from one map_tile vector source, each layer reading the source-layer of its name', () => {
    const tiled = buildStyle({ categories, fonts: FONTS, glyphs: 'http://x/{fontstack}/{range}.pbf', tileUrl: tileUrl('https://abc.supabase.co', ['health', 'food']) })
    expect(validateStyleMin(tiled)).toEqual([])
    expect(Object.entries(tiled.sources).filter(([, s]) => s.type === 'vector').map(([id]) => id)).toEqual([TILES_SOURCE])
    expect(tiled.sources[TILES_SOURCE]).toMatchObject({
      type: 'vector', maxzoom: 14, promoteId: 'id',
      tiles: ['https://abc.supabase.co/rest/v1/rpc/map_tile?layer=neighbourhoods,streets,assets,enterprises,needs,places&z={z}&x={x}&y={y}&categories=%7Bfood%2Chealth%7D'],
    })
    const read = new Set<string>()
    for (const layer of tiled.layers) {
      if ('source' in layer && layer.source === TILES_SOURCE) read.add((layer as { 'source-layer'?: string })['source-layer']!)
    }
    expect([...read].sort()).toEqual([...TILE_LAYERS].sort())
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

  it('draws the planners\' gap streets on the streets\' tiles, on top of the streets and under their names, nothing until there are gaps', () => {
    const line = style.layers.find((l) => l.id === 'street-gaps-line')
    expect(line).toMatchObject({ type: 'line', source: TILES_SOURCE, 'source-layer': 'streets' })
    for (const id of ['street-gaps-casing', 'street-gaps-line', 'street-gaps-changed']) {
      const filter = featureFilter((style.layers.find((l) => l.id === id) as { filter: unknown }).filter as never, 'layers[0].filter')
      expect(filter.filter({ zoom: 14 }, segment('a'))).toBe(false)
    }
    const ids = style.layers.map((l) => l.id)
    expect(ids.indexOf('street-gaps-line')).toBeGreaterThan(ids.indexOf('streets-fill'))
    expect(ids.indexOf('street-gaps-line')).toBeLessThan(ids.indexOf('streets-label'))
    expect(ids.indexOf('street-gaps-changed')).toBeGreaterThan(ids.indexOf('street-gaps-line'))
    expect(Object.keys(style.sources)).not.toContain('sl-street-gaps')
  })

  it('colours every one of thousands of segments by its gap class, marks the changed ones, and leaves other streets out', () => {
    // More segments than whole Rutland (5,558), as the planner passes them all at once.
    const segments = Array.from({ length: 6000 }, (_, i) => ({ id: `s${i}`, gap: i % 25, changed: i % 1000 === 0 }))
    const s = gapStyle([...segments, { id: 's1', gap: 99, changed: true }]) // a repeat keeps its first
    const colour = createExpression(s.colour, 'layers[0].paint.line-color', spec.paint_line['line-color'] as never)
    const sortKey = createExpression(s.sortKey, 'layers[0].layout.line-sort-key', spec.layout_line['line-sort-key'] as never)
    expect(colour.result).toBe('success')
    expect(sortKey.result).toBe('success')
    const filter = featureFilter(s.filter, 'layers[0].filter')
    const changed = featureFilter(s.changed, 'layers[0].filter')
    for (const seg of segments) {
      const f = segment(seg.id)
      expect(filter.filter({ zoom: 14 }, f)).toBe(true)
      expect(changed.filter({ zoom: 14 }, f)).toBe(seg.changed)
      const c = (colour as { value: { evaluate(g: object, f: object): { toString(): string } } }).value.evaluate({ zoom: 14 }, f)
      expect(String(c)).toBe(String(colourOf(GAP_COLOURS[gapClass(seg.gap)])))
      expect((sortKey as { value: { evaluate(g: object, f: object): number } }).value.evaluate({ zoom: 14 }, f)).toBe(gapClass(seg.gap))
    }
    expect(filter.filter({ zoom: 14 }, segment('other'))).toBe(false)
    // The whole style still passes the spec with these expressions in it.
    const lines = style.layers.map((l) => (l.id === 'street-gaps-line' ? { ...l, filter: s.filter, paint: { ...(l as { paint: object }).paint, 'line-color': s.colour } } : l))
    expect(validateStyleMin({ ...style, layers: lines } as never)).toEqual([])
  })

  it('shades each neighbourhood area by its share, and neither label points nor neighbourhoods without one', () => {
    const s = choroplethStyle(new Map([['a', 0], ['b', 1], ['c', 0.5]]))
    const colour = createExpression(s.colour, 'layers[0].paint.fill-color', spec.paint_fill['fill-color'] as never)
    expect(colour.result).toBe('success')
    const filter = featureFilter(s.filter, 'layers[0].filter')
    const at = (id: string, label?: boolean) => ({ type: 3, properties: { id, ...(label ? { label } : {}) } }) as never
    const value = (id: string) => String((colour as { value: { evaluate(g: object, f: object): { toString(): string } } }).value.evaluate({ zoom: 12 }, at(id)))
    expect(value('a')).toBe(String(colourOf(CHOROPLETH_STOPS[0][1])))
    expect(value('b')).toBe(String(colourOf(CHOROPLETH_STOPS[4][1])))
    expect(value('c')).toBe(String(colourOf(CHOROPLETH_STOPS[2][1])))
    expect(['a', 'b', 'c'].map((id) => filter.filter({ zoom: 12 }, at(id)))).toEqual([true, true, true])
    expect(filter.filter({ zoom: 12 }, at('a', true))).toBe(false)
    expect(filter.filter({ zoom: 12 }, at('d'))).toBe(false)
    expect(featureFilter(noShades.filter as never, 'layers[0].filter').filter({ zoom: 12 }, at('a'))).toBe(false)
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

  it('asks the tiles for the chosen topics, sorted (they filter the point layers), and for everything with none chosen', () => {
    expect(decodeURIComponent(tileUrl('http://x', ['youth', 'food']))).toContain('categories={food,youth}')
    expect(tileUrl('http://x')).not.toContain('categories')
    expect(tileUrl('http://x', [])).not.toContain('categories')
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
