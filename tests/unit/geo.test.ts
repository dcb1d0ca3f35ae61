import { describe, expect, it } from 'vitest'
import { bboxOf, inBBox } from '../../src/geo/inBBox.ts'
import { labelPoint } from '../../src/geo/labelPoint.ts'
import { containsBBox, MAX_SPAN_DEG, requestBBox } from '../../src/geo/requestBBox.ts'
import { viewBBox } from '../../src/geo/viewBBox.ts'
import { diamond } from '../../src/map/icons.ts'

describe('requestBBox', () => {
  const view: [number, number, number, number] = [-3.41, 54.095, -3.39, 54.105]
  it('covers the view with room to pan', () => {
    const box = requestBBox(view)
    expect(containsBBox(box, view)).toBe(true)
    expect(box[2] - box[0]).toBeGreaterThanOrEqual((view[2] - view[0]) * 1.9)
  })
  it('gives the same box for a small pan, so no new request is made', () => {
    const nudged: [number, number, number, number] = [view[0] + 0.0004, view[1] + 0.0002, view[2] + 0.0004, view[3] + 0.0002]
    expect(requestBBox(nudged)).toEqual(requestBBox(view))
  })
  it('never asks for more than the API allows', () => {
    const box = requestBBox([-4, 53.5, -2.8, 54.6])
    expect(box[2] - box[0]).toBeLessThanOrEqual(MAX_SPAN_DEG)
    expect(box[3] - box[1]).toBeLessThanOrEqual(MAX_SPAN_DEG)
  })
  it('refuses an inverted or non-finite box', () => {
    expect(() => requestBBox([1, 0, 0, 1])).toThrow(RangeError)
    expect(() => requestBBox([0, 0, Number.NaN, 1])).toThrow(RangeError)
  })
})

describe('viewBBox', () => {
  it('matches Web Mercator: 1280 px at z15 near 54°N is about 0.0275° of longitude', () => {
    const [w, s, e, n] = viewBBox(-3.4, 54.1, 15, 1280, 800)
    expect(e - w).toBeCloseTo((1280 / (512 * 2 ** 15)) * 360, 8)
    expect((w + e) / 2).toBeCloseTo(-3.4, 8)
    expect(s).toBeLessThan(54.1)
    expect(n).toBeGreaterThan(54.1)
    expect(n - s).toBeLessThan(e - w) // degrees of latitude are longer than of longitude at 54°
  })
})

describe('inBBox and bboxOf', () => {
  it('tests points strictly and lines by their extent', () => {
    expect(inBBox({ type: 'Point', coordinates: [0.5, 0.5] }, [0, 0, 1, 1])).toBe(true)
    expect(inBBox({ type: 'Point', coordinates: [1.5, 0.5] }, [0, 0, 1, 1])).toBe(false)
    expect(inBBox({ type: 'LineString', coordinates: [[-1, 0.5], [2, 0.5]] }, [0, 0, 1, 1])).toBe(true)
    expect(inBBox(null, [0, 0, 1, 1])).toBe(false)
  })
  it('finds the extent of nested coordinates', () => {
    expect(bboxOf({ type: 'MultiPolygon', coordinates: [[[[0, 0], [2, 0], [2, 3], [0, 0]]]] })).toEqual([0, 0, 2, 3])
  })
})

describe('labelPoint', () => {
  it('puts a rectangle’s label on its mid-line, a full half-height from every edge', () => {
    const p = labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]] }) as number[]
    expect(p[1]).toBeCloseTo(1, 1)
    expect(p[0]).toBeGreaterThanOrEqual(0.95)
    expect(p[0]).toBeLessThanOrEqual(3.05)
  })
  it('keeps an L-shape’s label inside it, where the centroid is not', () => {
    const L = { type: 'Polygon' as const, coordinates: [[[0, 0], [10, 0], [10, 2], [2, 2], [2, 10], [0, 10], [0, 0]]] }
    const [x, y] = labelPoint(L) as number[]
    expect(x <= 2 || y <= 2).toBe(true)
  })
  it('labels the largest part of a multipolygon', () => {
    const p = labelPoint({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[10, 10], [20, 10], [20, 20], [10, 20], [10, 10]]]] })
    expect(p?.[0]).toBeGreaterThan(10)
  })
})

describe('diamond (the enterprise icon)', () => {
  it('is solid at the centre, at the edge value on its outline, empty in the corners', () => {
    const img = diamond(40, 14)
    const at = (x: number, y: number) => img.data[(y * 40 + x) * 4 + 3]
    expect(at(20, 20)).toBe(255)
    expect(at(0, 0)).toBe(0)
    expect(Math.abs(at(20 + 14, 20) - 191)).toBeLessThan(24)
  })
})
