/**
 * Golden fixtures for the geo verbs: tests/fixtures/geo/<fn>/in/<case>.geojson holds one
 * FeatureCollection per case, each feature tagged with properties.layer (street, need,
 * asset, enterprise) and the verb's options as a foreign member `options`, so a case opens
 * as-is in any GeoJSON viewer. The expected result is tests/fixtures/geo/<fn>/out/<case>.json.
 * With REGEN=1 the outputs are rewritten; read every regenerated diff before committing it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GapInput } from '../../../src/geo/gapTypes.ts'

export const fixturesDir = fileURLToPath(new URL('../../fixtures/geo', import.meta.url))
export const regen = process.env.REGEN === '1'

export interface GoldenCase {
  name: string
  input: GapInput
  options: Record<string, any>
  description: string
  outFile: string
}

export function goldenCases(fn: string): GoldenCase[] {
  const dir = path.join(fixturesDir, fn, 'in')
  return readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .sort()
    .map((file) => {
      const fc = JSON.parse(readFileSync(path.join(dir, file), 'utf8'))
      const byLayer = (layer: string) => fc.features.filter((f: any) => f.properties.layer === layer)
      const options = fc.options ?? {}
      return {
        name: file.replace(/\.geojson$/, ''),
        description: fc.description ?? '',
        options,
        input: {
          streets: byLayer('street'),
          needs: byLayer('need'),
          assets: byLayer('asset'),
          enterprises: byLayer('enterprise'),
          radiusM: options.radiusM,
          categories: options.categories ?? null,
        },
        outFile: path.join(fixturesDir, fn, 'out', file.replace(/\.geojson$/, '.json')),
      }
    })
}

/** The committed output (parsed), after rewriting it first under REGEN=1. */
export function golden(c: GoldenCase, actual: unknown): unknown {
  const text = `${JSON.stringify(actual, null, 2)}\n`
  if (regen) writeFileSync(c.outFile, text)
  if (!existsSync(c.outFile)) throw new Error(`No golden output ${c.outFile}; run REGEN=1 and read the diff.`)
  return JSON.parse(readFileSync(c.outFile, 'utf8'))
}
