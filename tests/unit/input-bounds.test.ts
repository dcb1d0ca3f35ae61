/** The early bounds on client input (src/server/input-bounds.ts). */
import { describe, expect, it } from 'vitest'
import { badArgument, badText, jsonDepth, MAX_JSON_DEPTH, parseBoundedJson } from '../../src/server/input-bounds.ts'

describe('input bounds', () => {
  it('measures nesting without parsing, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3)
    expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1)
    expect(jsonDepth('{"a":"\\"[[["}')).toBe(1)
    expect(jsonDepth('['.repeat(10_000) + ']'.repeat(10_000))).toBe(MAX_JSON_DEPTH + 1) // stops counting early
  })

  it('refuses deep JSON, infinite numbers, NUL and lone surrogates; accepts the ordinary', () => {
    expect(() => parseBoundedJson('['.repeat(65) + ']'.repeat(65))).toThrow(/Empty or invalid json/)
    expect(parseBoundedJson('['.repeat(64) + ']'.repeat(64))).toBeTruthy()
    expect(() => parseBoundedJson('{"n":1e400}')).toThrow(/Empty or invalid json/)
    expect(() => parseBoundedJson('{"s":"a\\u0000"}')).toThrow(/unsupported Unicode escape sequence/)
    expect(() => parseBoundedJson('{"\\ud800":1}')).toThrow(/unsupported Unicode escape sequence/)
    expect(parseBoundedJson('{"s":"caf\\u00e9 \\ud83d\\ude00","n":1.5e300}')).toEqual({ s: 'café 😀', n: 1.5e300 })
    expect(badText('\udc00\ud800')).toMatch(/surrogate/)
    expect(badText('😀')).toBeNull()
  })

  it('lets an array argument take a flat array only, and others no array at all (json takes anything)', () => {
    expect(badArgument('categories', 'text[]', ['food', 'youth'])).toBeNull()
    expect(badArgument('categories', 'text[]', [[[[[[['a']]]]]]])).toMatch(/one-dimensional/)
    expect(badArgument('categories', 'text[]', [{ a: 1 }])).toMatch(/one-dimensional/)
    expect(badArgument('body', 'text', ['a'])).toMatch(/not an array/)
    expect(badArgument('payload', 'jsonb', [[1], { a: [2] }])).toBeNull()
    expect(badArgument('body', 'text', 'a')).toBeNull()
  })
})
