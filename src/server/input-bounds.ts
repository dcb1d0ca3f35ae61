/**
 * Bounds on what a client may send, checked before anything reaches the database, so
 * hostile input gets a 4xx and never a 5xx: JSON nested deeper than MAX_JSON_DEPTH
 * (JSON.stringify and Postgres would overflow their stacks), numbers JSON cannot carry
 * (1e400 parses as Infinity), text Postgres cannot store (NUL, lone surrogates), and
 * arrays with more dimensions than a one-dimensional array argument takes (Postgres
 * allows 6 and answers a 7th with a 5xx-class "program limit exceeded").
 */

export const MAX_JSON_DEPTH = 64

export class InputError extends Error {
  constructor(
    message: string,
    readonly details: string,
  ) {
    super(message)
  }
}

/** Deepest nesting of [ and { in JSON text, without parsing it (so without recursion). */
export function jsonDepth(text: string, stopAbove = MAX_JSON_DEPTH): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
      continue
    }
    if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      depth++
      if (depth > deepest) {
        deepest = depth
        if (deepest > stopAbove) return deepest
      }
    } else if (c === 93 || c === 125) depth--
  }
  return deepest
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Why a string cannot be stored as Postgres text, or null. */
export function badText(value: string): string | null {
  if (value.includes('\u0000')) return '\\u0000 cannot be converted to text.'
  if (LONE_SURROGATE.test(value)) return 'A lone UTF-16 surrogate is not a character.'
  return null
}

/** Parses a request body as JSON within the bounds; throws InputError. */
export function parseBoundedJson(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new InputError('Empty or invalid json', `JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused.`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new InputError('Empty or invalid json', (error as Error).message)
  }
  const problem = badValue(parsed)
  if (problem) throw new InputError(problem.message, problem.details)
  return parsed
}

/** Walks a parsed (so depth-bounded) value for numbers and text Postgres cannot take. */
export function badValue(value: unknown, depth = 0): { message: string; details: string } | null {
  if (depth > MAX_JSON_DEPTH) return { message: 'Empty or invalid json', details: `JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused.` }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : { message: 'Empty or invalid json', details: 'A number is too large to be represented.' }
  }
  if (typeof value === 'string') {
    const why = badText(value)
    return why ? { message: 'unsupported Unicode escape sequence', details: why } : null
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = badValue(item, depth + 1)
      if (problem) return problem
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const why = badText(key)
      if (why) return { message: 'unsupported Unicode escape sequence', details: why }
      const problem = badValue(item, depth + 1)
      if (problem) return problem
    }
  }
  return null
}

const arrayDepth = (value: unknown): number => (Array.isArray(value) ? 1 + Math.max(0, ...value.map(arrayDepth)) : 0)

/**
 * A function argument's value against its declared type: an array type takes a flat
 * JSON array (of scalars); any other type takes no array at all. Returns why not, or null.
 */
export function badArgument(name: string, type: string, value: unknown): string | null {
  if (type === 'json' || type === 'jsonb' || !Array.isArray(value)) return null
  const isArrayType = type.endsWith('[]')
  if (!isArrayType) return `Argument ${name} takes ${type}, not an array.`
  if (value.some((item) => item !== null && typeof item === 'object')) {
    return `Argument ${name} takes a one-dimensional array (${type}); got ${arrayDepth(value)} dimensions or objects.`
  }
  return null
}
