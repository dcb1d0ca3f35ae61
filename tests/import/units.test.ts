/**
 * The importer's pure parts, without a database: the declared tag mapping, format
 * detection, progress output, centroids, feed text, CSV cells.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { attributionFor } from '../../src/data/attribution.ts'
import { detect } from '../../src/import/detect.ts'
import { csvCell } from '../../src/import/export/formats.ts'
import { compileMapping, loadMapping } from '../../src/import/mapping.ts'
import { ImportError } from '../../src/import/model.ts'
import { loadTaxonomy } from '../../src/import/oruk/categories.ts'
import { plainText } from '../../src/import/oruk/read.ts'
import { OsmCollector, ringCentroid } from '../../src/import/osm/collect.ts'
import { createProgress } from '../../src/import/progress.ts'
import { resolveBoundaryProperties } from '../../src/import/boundaries.ts'
import { haveSharedData, sharedData } from './shared-data.ts'

const data = sharedData
const head = (file: string) => readFileSync(file).subarray(0, 64 * 1024)

/** The category slugs the foundation migration inserts. */
function migrationCategories(): Set<string> {
  const sql = readFileSync(new URL('../../supabase/migrations/20261127000100_foundation.sql', import.meta.url), 'utf8')
  const insert = sql.slice(sql.indexOf('insert into public.categories'))
  return new Set([...insert.slice(0, insert.indexOf(';')).matchAll(/\('([a-z-]+)',/g)].map((m) => m[1]))
}

describe('the OSM tag mapping (data/mappings/osm-tags.json)', () => {
  const mapping = loadMapping()

  it('uses only categories the database defines', () => {
    const known = migrationCategories()
    expect(known.size).toBeGreaterThan(10)
    expect([...mapping.categories].filter((c) => !known.has(c))).toEqual([])
  })

  it('keeps residential streets and footpaths, and names why it leaves others out', () => {
    expect(mapping.street({ highway: 'residential' })).toEqual({ keep: true, highway: 'residential' })
    expect(mapping.street({ highway: 'footway' })).toEqual({ keep: true, highway: 'footway' })
    expect(mapping.street({ highway: 'motorway' })).toMatchObject({ keep: false })
    expect(mapping.street({ highway: 'service' })).toEqual({ keep: false, reason: 'highway=service without a name' })
    expect(mapping.street({ highway: 'service', name: 'Kings Mews' })).toEqual({ keep: true, highway: 'service' })
    expect(mapping.street({ highway: 'footway', footway: 'sidewalk' })).toMatchObject({ keep: false })
    expect(mapping.street({ amenity: 'library' })).toBeNull()
  })

  it('maps community places to categories, first rule winning and refinements adding', () => {
    expect(mapping.asset({ amenity: 'library' })?.categories).toContain('culture')
    expect(mapping.asset({ amenity: 'social_facility', social_facility: 'food_bank' })?.categories).toEqual(['food'])
    expect(mapping.asset({ amenity: 'social_facility', 'social_facility:for': 'senior' })?.categories).toEqual(['loneliness', 'older-people'])
    expect(mapping.asset({ leisure: 'playground' })).toEqual({ categories: ['green-space', 'youth'], label: 'Playground' })
    expect(mapping.asset({ leisure: 'garden' })).toBeNull()
    expect(mapping.asset({ shop: 'bakery' })).toBeNull()
  })

  it('refuses a mapping with a malformed rule, naming it', () => {
    const bad = { version: 1, streets: { keep: [], keepIfNamed: [], exclude: [] }, assets: { rules: [{ tags: {}, categories: ['food'], label: 'x' }], refinements: [] } }
    expect(() => compileMapping(bad, 'bad.json')).toThrow(/assets\.rules\[0\]/)
  })
})

describe('the ORUK taxonomy table (data/mappings/oruk-taxonomy.json)', () => {
  const taxonomy = loadTaxonomy()

  it('uses only categories the database defines', () => {
    const known = migrationCategories()
    expect([...taxonomy.categories].filter((c) => !known.has(c))).toEqual([])
  })

  it('matches whole words only', () => {
    expect(taxonomy.match('Community food bank')).toEqual(['food'])
    expect(taxonomy.match('Parking permits')).toEqual([])
    expect(taxonomy.match('Start here')).toEqual([])
  })
})

describe('detect', () => {
  it.runIf(haveSharedData('detect on the real files'))('recognises each real file by its content', () => {
    expect(detect(head(`${data}/osm-rutland-oakham/oakham.osm.pbf`), false).format).toBe('osm-pbf')
    expect(detect(head(`${data}/osm-rutland-oakham/oakham.osm`), false).format).toBe('osm-xml')
    expect(detect(head(`${data}/osm-rutland-oakham/oakham-highways.geojson`), false)).toMatchObject({ format: 'geojson', kind: 'osm' })
    expect(detect(head(`${data}/ons-boundaries-2011/blackpool_lsoa2011.geojson`), false)).toMatchObject({ kind: 'boundaries' })
    expect(detect(head(`${data}/oruk-sample-feeds/bristol_council_oruk_services_2024-12.json`), false)).toMatchObject({
      kind: 'oruk',
      orukKey: null,
    })
  })

  it('treats a GeoJSON as boundaries when boundary options are given', () => {
    expect(detect(Buffer.from('{"type":"FeatureCollection","features":[{"properties":{"ref":"A"}}]}'), true).kind).toBe('boundaries')
  })

  it('reads a paginated ORUK page and an Overpass result', () => {
    expect(detect(Buffer.from('{"totalElements":1,"content":[{"id":"a"}]}'), false)).toMatchObject({ kind: 'oruk', orukKey: 'content' })
    expect(detect(Buffer.from('{"version":0.6,"elements":[]}'), false).format).toBe('overpass-json')
  })

  it('refuses what it cannot read, and British National Grid GeoJSON, with a way forward', () => {
    expect(() => detect(Buffer.from(''), false)).toThrow(ImportError)
    expect(() => detect(Buffer.from('name,lat,lon\n'), false)).toThrow(/--type/)
    const bng = '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[]}'
    expect(() => detect(Buffer.from(bng), false)).toThrow(/ogr2ogr/)
  })
})

describe('resolveBoundaryProperties', () => {
  it('recognises ONS code and name properties and the kind of area', () => {
    expect(resolveBoundaryProperties({ LSOA11CD: 'E01012681', LSOA11NM: 'Blackpool 006A' }, {})).toEqual({ code: 'LSOA11CD', name: 'LSOA11NM', kind: 'lsoa' })
    expect(resolveBoundaryProperties({ WD13CD: 'E05001640', WD13CDO: '00EYMU', WD13NM: 'Talbot', WD13NMW: null }, {})).toMatchObject({ kind: 'ward', name: 'WD13NM' })
  })

  it('takes explicit options over detection, and lists the properties when it cannot tell', () => {
    expect(resolveBoundaryProperties({ ref: 'N1', title: 'North' }, { codeProperty: 'ref', nameProperty: 'title', kind: 'local' })).toEqual({
      code: 'ref',
      name: 'title',
      kind: 'local',
    })
    expect(() => resolveBoundaryProperties({ ref: 'N1', title: 'North' }, {})).toThrow(/ref, title/)
    expect(() => resolveBoundaryProperties({ ref: 'N1' }, { codeProperty: 'ref', nameProperty: 'label' })).toThrow(/"label"/)
  })
})

describe('ringCentroid', () => {
  it('is the centre of a rectangle and the area-weighted centre of an L shape', () => {
    expect(ringCentroid([[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]])).toEqual([2, 1])
    // An L made of a 2x1 and a 1x1 square: centroid weighted 2:1.
    const [x, y] = ringCentroid([[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]])
    expect(x).toBeCloseTo((2 * 1 + 1 * 0.5) / 3, 12)
    expect(y).toBeCloseTo((2 * 0.5 + 1 * 1.5) / 3, 12)
  })
})

describe('places in an OSM file', () => {
  /** Runs the collector's two passes over a tiny made-up file. */
  function collect(nodes: [number, number, number, Record<string, string> | null][], ways: [number, number[], Record<string, string>][]) {
    const c = new OsmCollector(loadMapping())
    for (const [id, refs, tags] of ways) c.waysPass.way(id, refs, tags)
    c.index()
    for (const [id, lon, lat, tags] of nodes) c.nodesPass.node(id, lon, lat, tags)
    return [...c.features()]
  }
  const square: [number, number, number, null][] = [[1, 0, 0, null], [2, 0.01, 0, null], [3, 0.01, 0.01, null], [4, 0, 0.01, null]]

  it('keeps a place mapped as a node and as an area once, as the node', () => {
    const items = collect([...square, [9, 0.005, 0.005, { place: 'village', name: 'Barrow' }]], [[100, [1, 2, 3, 4, 1], { place: 'village', name: 'Barrow' }]])
    expect(items.filter((i) => i.type === 'place')).toEqual([{ type: 'place', sourceId: 'node/9', name: 'Barrow', kind: 'village', lon: 0.005, lat: 0.005 }])
    expect(items).toContainEqual({ type: 'note', note: 'places mapped both as a node and as an area, merged into one' })
  })

  it('keeps an area place whose node lies elsewhere or has another name, at its centroid', () => {
    const items = collect([...square, [9, 0.05, 0.05, { place: 'village', name: 'Barrow' }]], [[100, [1, 2, 3, 4, 1], { place: 'hamlet', name: 'Teigh' }]])
    expect(items.filter((i) => i.type === 'place').map((i) => i.type === 'place' && i.sourceId)).toEqual(['node/9', 'way/100'])
  })

  it('ignores unnamed places and kinds we do not use', () => {
    const items = collect([[9, 0, 0, { place: 'village' }], [10, 0, 0, { place: 'island', name: 'Hambleton' }]], [])
    expect(items.filter((i) => i.type === 'place')).toEqual([])
  })
})

describe('plainText', () => {
  it('strips feed HTML and decodes entities', () => {
    expect(plainText('<p>Tea &amp; chat<br>on&nbsp;Fridays</p>')).toBe('Tea & chat on Fridays')
    expect(plainText('<p><br></p>')).toBe('')
    expect(plainText('caf&#233; &#x2014; open')).toBe('café — open')
    expect(plainText(null)).toBe('')
  })
})

describe('csvCell', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas in text', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a "quoted", word')).toBe('"a ""quoted"", word"')
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell(-0.7284623)).toBe('-0.7284623')
    expect(csvCell(['food', 'health'])).toBe('food;health')
    expect(csvCell(null)).toBe('')
  })
})

describe('createProgress', () => {
  it('writes plain lines at each tenth when stderr is not a terminal', () => {
    const lines: string[] = []
    const progress = createProgress({ write: (t: string) => lines.push(t), isTTY: false })
    progress.start('reading ways', 1000)
    for (let i = 0; i < 100; i++) progress.advance(10)
    progress.finish()
    expect(lines[0]).toBe('import: reading ways 0% (0.0/0.0 MB)\n')
    expect(lines).toHaveLength(11)
    expect(lines.every((l) => !l.includes('\r'))).toBe(true)
  })

  it('redraws one bar in place on a terminal, and ends it with a newline', () => {
    const out: string[] = []
    const progress = createProgress({ write: (t: string) => out.push(t), isTTY: true, columns: 80 })
    progress.start('reading nodes', 100)
    progress.advance(100)
    progress.finish()
    expect(out[0].startsWith('\rreading nodes [')).toBe(true)
    expect(out.at(-2)).toContain('100%')
    expect(out.at(-1)).toBe('\n')
  })

  it('says nothing when quiet', () => {
    const out: string[] = []
    createProgress({ write: (t: string) => out.push(t), isTTY: true }, { quiet: true }).say('hello')
    expect(out).toEqual([])
  })
})

describe('attributionFor', () => {
  it('credits OpenStreetMap contributors for OSM data, qualifiers included', () => {
    expect(attributionFor('osm')?.text).toBe('© OpenStreetMap contributors')
    expect(attributionFor('oruk:bristol')?.licence).toBe('OGL v3.0')
    expect(attributionFor('demo')?.text).toMatch(/Wenlow Bay is a fictional town/)
    expect(attributionFor('local')).toBeUndefined()
    expect(attributionFor('toString')).toBeUndefined()
  })
})
