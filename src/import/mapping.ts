/**
 * The declared OSM tag mapping (data/mappings/osm-tags.json), validated and compiled
 * into the questions the OSM readers ask of every tagged element: is this way a street
 * we keep, is this element a community asset (with which categories), and is it context
 * drawn under the streets (water, woods, parks, railways, landmarks)?
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ImportError } from './model.ts'

export const defaultMappingFile = fileURLToPath(new URL('../../data/mappings/osm-tags.json', import.meta.url))

export type Tags = Record<string, string>

/** A tag condition: a value, any of several values, or '*' for "the key is present". */
type Condition = Record<string, string | string[]>

interface MappingFile {
  version: number
  streets: {
    keep: string[]
    keepIfNamed: string[]
    exclude: { tags: Condition; reason: string }[]
  }
  assets: {
    rules: { tags: Condition; categories: string[]; label: string }[]
    refinements: { tags: Condition; add: string[] }[]
  }
  /** Optional: a mapping without it imports no context. */
  context?: { rules: { tags: Condition; kind: ContextKind | null; geometry?: ContextGeometry }[] }
}

export type ContextKind = 'water' | 'waterway' | 'wood' | 'park' | 'railway' | 'landmark'
export const contextKinds: readonly ContextKind[] = ['water', 'waterway', 'wood', 'park', 'railway', 'landmark']
/** What a context rule takes: areas (closed ways, multipolygons), lines (ways), or either (landmarks, at a point). */
export type ContextGeometry = 'area' | 'line' | 'any'
export interface ContextMatch {
  kind: ContextKind
  geometry: ContextGeometry
}

export type StreetDecision = { keep: true; highway: string } | { keep: false; reason: string }

export interface AssetMatch {
  categories: string[]
  /** What to call it when it has no name (e.g. 'Playground'). */
  label: string
}

export interface OsmMapping {
  /** Every category slug the mapping can produce (checked against public.categories). */
  categories: ReadonlySet<string>
  /** null when the way has no highway tag at all. */
  street(tags: Tags): StreetDecision | null
  asset(tags: Tags): AssetMatch | null
  /** null when the element is no context (or a rule leaves it out). */
  context(tags: Tags): ContextMatch | null
}

function matches(condition: Condition, tags: Tags): boolean {
  for (const key in condition) {
    const value = tags[key]
    if (value === undefined) return false
    const wanted = condition[key]
    if (wanted === '*') continue
    if (Array.isArray(wanted) ? !wanted.includes(value) : wanted !== value) return false
  }
  return true
}

function fail(file: string, message: string): never {
  throw new ImportError(`The tag mapping ${file} is not valid: ${message}`)
}

function checkCondition(file: string, where: string, condition: unknown): Condition {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition) || !Object.keys(condition).length) {
    fail(file, `${where} needs a non-empty "tags" object.`)
  }
  for (const [key, value] of Object.entries(condition)) {
    const ok = typeof value === 'string' || (Array.isArray(value) && value.length && value.every((v) => typeof v === 'string'))
    if (!ok) fail(file, `${where}: the condition on "${key}" must be a string or a list of strings.`)
  }
  return condition as Condition
}

function checkSlugs(file: string, where: string, slugs: unknown): string[] {
  if (!Array.isArray(slugs) || !slugs.length || !slugs.every((s) => typeof s === 'string' && /^[a-z][a-z-]{1,30}$/.test(s))) {
    fail(file, `${where} needs a non-empty list of category slugs.`)
  }
  return slugs as string[]
}

/** Parses and validates a mapping; throws ImportError naming the faulty entry. */
export function compileMapping(raw: unknown, file = 'mapping'): OsmMapping {
  const m = raw as MappingFile
  if (!m || typeof m !== 'object' || m.version !== 1) fail(file, 'expected "version": 1.')
  const s = m.streets
  if (!s || !Array.isArray(s.keep) || !Array.isArray(s.keepIfNamed) || !Array.isArray(s.exclude)) {
    fail(file, '"streets" needs "keep", "keepIfNamed" and "exclude" lists.')
  }
  const keep = new Set(s.keep)
  const keepIfNamed = new Set(s.keepIfNamed)
  const excludes = s.exclude.map((e, i) => ({
    tags: checkCondition(file, `streets.exclude[${i}]`, e.tags),
    reason: typeof e.reason === 'string' && e.reason ? e.reason : fail(file, `streets.exclude[${i}] needs a "reason".`),
  }))
  if (!m.assets || !Array.isArray(m.assets.rules) || !Array.isArray(m.assets.refinements)) {
    fail(file, '"assets" needs "rules" and "refinements" lists.')
  }
  const categories = new Set<string>()
  const rules = m.assets.rules.map((r, i) => {
    const rule = {
      tags: checkCondition(file, `assets.rules[${i}]`, r.tags),
      categories: checkSlugs(file, `assets.rules[${i}]`, r.categories),
      label: typeof r.label === 'string' && r.label ? r.label : fail(file, `assets.rules[${i}] needs a "label".`),
    }
    rule.categories.forEach((c) => categories.add(c))
    return rule
  })
  const refinements = m.assets.refinements.map((r, i) => {
    const refinement = {
      tags: checkCondition(file, `assets.refinements[${i}]`, r.tags),
      add: checkSlugs(file, `assets.refinements[${i}]`, r.add),
    }
    refinement.add.forEach((c) => categories.add(c))
    return refinement
  })
  const contextRules = (m.context?.rules ?? []).map((r, i) => {
    const where = `context.rules[${i}]`
    const tags = checkCondition(file, where, r.tags)
    if (r.kind === null) return { tags, match: null }
    if (!contextKinds.includes(r.kind)) fail(file, `${where} needs a "kind" among ${contextKinds.join(', ')} (or null).`)
    const geometry = r.geometry ?? 'any'
    if (!['area', 'line', 'any'].includes(geometry)) fail(file, `${where}: "geometry" must be area, line or any.`)
    return { tags, match: { kind: r.kind, geometry } }
  })

  return {
    categories,
    street(tags) {
      const highway = tags.highway
      if (highway === undefined) return null
      for (const e of excludes) if (matches(e.tags, tags)) return { keep: false, reason: e.reason }
      if (keep.has(highway)) return { keep: true, highway }
      if (keepIfNamed.has(highway)) {
        return tags.name ? { keep: true, highway } : { keep: false, reason: `highway=${highway} without a name` }
      }
      return { keep: false, reason: `highway=${highway} is not a class people live on or walk along` }
    },
    asset(tags) {
      const rule = rules.find((r) => matches(r.tags, tags))
      if (!rule) return null
      const found = new Set(rule.categories)
      for (const r of refinements) if (matches(r.tags, tags)) r.add.forEach((c) => found.add(c))
      return { categories: [...found], label: rule.label }
    },
    context(tags) {
      return contextRules.find((r) => matches(r.tags, tags))?.match ?? null
    },
  }
}

export function loadMapping(file = defaultMappingFile): OsmMapping {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new ImportError(`Cannot read the tag mapping ${file}: ${(error as Error).message}`, { cause: error })
  }
  return compileMapping(raw, file)
}
