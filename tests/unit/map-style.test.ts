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
import { GROUPS, groupOf } from '../../src/map/layers/types.ts'
import { buildStyle, overlay } from '../../src/map/style.ts'

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

  it('promotes `id` on every source a pointer can pick, so feature-state works', () => {
    for (const m of layerModules.filter((mod) => mod.interactiveLayers.length > 0)) {
      expect(m.source).toMatchObject({ type: 'geojson', promoteId: 'id' })
    }
  })

  it('clusters needs below street zoom', () => {
    expect(style.sources['sl-needs']).toMatchObject({ cluster: true, clusterMaxZoom: 14 })
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
})
