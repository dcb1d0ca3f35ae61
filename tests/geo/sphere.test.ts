/**
 * The great-circle kernel the gap verbs share (src/geo/lib/sphere.ts), checked against
 * Turf's own geodesic point-to-line distance and against hand-worked cases. Its agreement
 * with PostGIS's st_distance(…, false) is checked in gapAgreement.demo.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { pointToLineDistance } from '@turf/turf'
import {
  EARTH_RADIUS_M,
  growBox,
  lineDistanceM,
  lineWithin,
  pointDistanceM,
  prepareLine,
  setUnitVector,
  sphereLimit,
} from '../../src/geo/lib/sphere.ts'
import { destination, makeRng } from './helpers/prng.ts'

const TURF_RADIUS_M = 6371008.8
const vec = ([lon, lat]: number[]): [number, number, number] => {
  const v = new Float64Array(3)
  setUnitVector(lon, lat, v, 0)
  return [v[0], v[1], v[2]]
}

function randomLine(rng: ReturnType<typeof makeRng>, lat: number): [number, number][] {
  const start: [number, number] = [rng.float(-2, 2), lat + rng.float(-0.5, 0.5)]
  const line = [start]
  for (let i = rng.int(1, 6); i > 0; i--) {
    line.push(destination(line[line.length - 1], rng.float(0.5, 400), rng.float(0, 360), EARTH_RADIUS_M))
  }
  return line
}

describe('lineDistanceM', () => {
  it('uses the WGS84 mean radius (2a + b) / 3, as PostGIS does for use_spheroid => false', () => {
    expect(EARTH_RADIUS_M).toBeCloseTo(6371008.7714, 4)
  })

  it('measures along the equator and past a line’s end as hand-worked', () => {
    // 0.0035° of a great circle on this sphere: 0.0035 × π/180 × R = 389.18 m.
    const line = prepareLine([[0, 0], [0.01, 0]])
    const metresPerDegree = (Math.PI / 180) * EARTH_RADIUS_M
    expect(lineDistanceM(line, ...vec([0.005, 0.0035]))).toBeCloseTo(0.0035 * metresPerDegree, 6)
    expect(lineDistanceM(line, ...vec([0.0135, 0]))).toBeCloseTo(0.0035 * metresPerDegree, 6)
    expect(lineDistanceM(line, ...vec([0.004, 0]))).toBe(0)
  })

  it('follows the great circle, not the parallel: an east–west line bows towards the pole', () => {
    // From (10°, 60°) to (10.4°, 60°) the great circle's midpoint is at latitude
    // atan(tan 60° / cos 0.2°) = 60.000151°, 16.8 m north of the parallel.
    const line = prepareLine([[10, 60], [10.4, 60]])
    const bulge = (Math.atan(Math.tan((60 * Math.PI) / 180) / Math.cos((0.2 * Math.PI) / 180)) * 180) / Math.PI - 60
    const bulgeM = bulge * (Math.PI / 180) * EARTH_RADIUS_M
    expect(bulgeM).toBeCloseTo(16.8, 1)
    const north = destination([10.2, 60], 410, 0, EARTH_RADIUS_M)
    expect(lineDistanceM(line, ...vec(north))).toBeCloseTo(410 - bulgeM, 3)
    expect(lineWithin(line, ...vec(north), sphereLimit(400))).toBe(true)
  })

  it('agrees with turf.pointToLineDistance (geodesic) to a micrometre on 2,000 random cases', () => {
    const rng = makeRng(20261127)
    let worst = 0
    for (let i = 0; i < 2000; i++) {
      const coords = randomLine(rng, rng.pick([0, 35, 52.7, 54.1, 70]))
      const p = destination(coords[rng.int(0, coords.length - 1)], rng.float(0, 1500), rng.float(0, 360), EARTH_RADIUS_M)
      const ours = lineDistanceM(prepareLine(coords), ...vec(p))
      // Turf's sphere is 6371008.8 m; scale to ours before comparing.
      const turf = pointToLineDistance(p, { type: 'LineString', coordinates: coords }, { units: 'meters' }) * (EARTH_RADIUS_M / TURF_RADIUS_M)
      worst = Math.max(worst, Math.abs(ours - turf))
    }
    expect(worst).toBeLessThan(1e-6)
  })
})

describe('lineWithin', () => {
  it('decides exactly as lineDistanceM ≤ R, including points a millimetre either side of R', () => {
    const rng = makeRng(7)
    const limit = sphereLimit(400)
    for (let i = 0; i < 500; i++) {
      const coords = randomLine(rng, 54.1)
      const line = prepareLine(coords)
      const p = destination(coords[rng.int(0, coords.length - 1)], rng.float(300, 500), rng.float(0, 360), EARTH_RADIUS_M)
      const d = lineDistanceM(line, ...vec(p))
      if (Math.abs(d - 400) < 1e-7) continue
      expect(lineWithin(line, ...vec(p), limit)).toBe(d <= 400)
    }
    // Straight out from the end of a north–south line: 400 m ± 1 mm.
    const line = prepareLine([[-3.4, 54.1], [-3.4, 54.11]])
    expect(lineWithin(line, ...vec(destination([-3.4, 54.11], 399.999, 0, EARTH_RADIUS_M)), limit)).toBe(true)
    expect(lineWithin(line, ...vec(destination([-3.4, 54.11], 400.001, 0, EARTH_RADIUS_M)), limit)).toBe(false)
    // And square off its middle.
    expect(lineWithin(line, ...vec(destination([-3.4, 54.105], 399.999, 90, EARTH_RADIUS_M)), limit)).toBe(true)
    expect(lineWithin(line, ...vec(destination([-3.4, 54.105], 400.001, 90, EARTH_RADIUS_M)), limit)).toBe(false)
  })

  it('treats a zero-length segment as its vertex', () => {
    const line = prepareLine([[1, 1], [1, 1], [1.001, 1]])
    expect(lineDistanceM(line, ...vec([1, 1.001]))).toBeCloseTo(pointDistanceM([1, 1], [1, 1.001]), 9)
  })
})

describe('growBox', () => {
  it('holds every point within R of the box, however far north', () => {
    const rng = makeRng(99)
    for (const lat of [0, 54.1, 70, 85]) {
      const limit = sphereLimit(5000)
      const box = growBox([10, lat, 10.01, lat + 0.01], limit)
      for (let i = 0; i < 200; i++) {
        const corner: [number, number] = [rng.pick([10, 10.01]), rng.pick([lat, lat + 0.01])]
        const [x, y] = destination(corner, 4999.99, rng.float(0, 360), EARTH_RADIUS_M)
        expect(x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]).toBe(true)
      }
    }
  })
})

describe('prepareLine', () => {
  it('boxes the whole arc, which bows poleward beyond its ends', () => {
    const north = prepareLine([[10, 60], [10.4, 60]]).bbox
    expect(north[3]).toBeCloseTo(60.000151, 6)
    expect(north[1]).toBe(60)
    const south = prepareLine([[10, -60], [10.4, -60]]).bbox
    expect(south[1]).toBeCloseTo(-60.000151, 6)
    expect(south[3]).toBe(-60)
    // A north–south line has nothing to add.
    expect(prepareLine([[1, 1], [1, 2]]).bbox).toEqual([1, 1, 1, 2])
  })
})
