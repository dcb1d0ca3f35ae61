/** A small fixed-seed PRNG (mulberry32) so generated test data is the same on every run. */
export function makeRng(seed: number) {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    float: (min: number, max: number) => min + (max - min) * next(),
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
    /** A v4-shaped UUID from the stream. */
    uuid(): string {
      const hex = Array.from({ length: 16 }, (_, i) => {
        let b = Math.floor(next() * 256)
        if (i === 6) b = (b & 0x0f) | 0x40
        if (i === 8) b = (b & 0x3f) | 0x80
        return b.toString(16).padStart(2, '0')
      }).join('')
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    },
  }
}
export type Rng = ReturnType<typeof makeRng>

/** The point `distanceM` from [lon, lat] on the sphere along an initial bearing (degrees). */
export function destination([lon, lat]: number[], distanceM: number, bearingDeg: number, radiusM: number): [number, number] {
  const r = Math.PI / 180
  const d = distanceM / radiusM
  const phi1 = lat * r
  const lambda1 = lon * r
  const theta = bearingDeg * r
  const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(theta))
  const lambda2 =
    lambda1 + Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2))
  return [lambda2 / r, phi2 / r]
}
