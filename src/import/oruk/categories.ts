/**
 * Categories for Open Referral UK services, from the declared keyword table
 * data/mappings/oruk-taxonomy.json (see its $comment for the rules).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ImportError } from '../model.ts'

export const defaultTaxonomyFile = fileURLToPath(new URL('../../../data/mappings/oruk-taxonomy.json', import.meta.url))

export interface TaxonomyMapping {
  vocabulary: string
  categories: ReadonlySet<string>
  /** Categories for one piece of text (taxonomy terms, a name, a description). */
  match(text: string): string[]
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export function compileTaxonomy(raw: unknown, file = 'taxonomy mapping'): TaxonomyMapping {
  const m = raw as { version?: number; vocabulary?: string; keywords?: { match: string[]; categories: string[] }[] }
  if (!m || m.version !== 1 || typeof m.vocabulary !== 'string' || !Array.isArray(m.keywords)) {
    throw new ImportError(`The taxonomy mapping ${file} is not valid: expected version 1, a vocabulary and keywords.`)
  }
  const categories = new Set<string>()
  const rules = m.keywords.map((k, i) => {
    if (!Array.isArray(k.match) || !k.match.length || !Array.isArray(k.categories) || !k.categories.length) {
      throw new ImportError(`The taxonomy mapping ${file} is not valid: keywords[${i}] needs "match" and "categories".`)
    }
    k.categories.forEach((c) => categories.add(c))
    // Whole words only, so "art" does not match "start" nor "park" match "parking".
    return { pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${k.match.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu'), categories: k.categories }
  })
  return {
    vocabulary: m.vocabulary,
    categories,
    match(text) {
      const found = new Set<string>()
      for (const r of rules) if (r.pattern.test(text)) r.categories.forEach((c) => found.add(c))
      return [...found]
    },
  }
}

export function loadTaxonomy(file = defaultTaxonomyFile): TaxonomyMapping {
  try {
    return compileTaxonomy(JSON.parse(readFileSync(file, 'utf8')), file)
  } catch (error) {
    if (error instanceof ImportError) throw error
    throw new ImportError(`Cannot read the taxonomy mapping ${file}: ${(error as Error).message}`, { cause: error })
  }
}
