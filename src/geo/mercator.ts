/**
 * Web Mercator as fractions of the world's width (0 at 180° W and at the north edge, 1 at
 * 180° E and at the south edge): what MapLibre's pixels and the tile grid are both made of.
 */
export const mercatorX = (lon: number) => (lon + 180) / 360
export const mercatorY = (lat: number) => {
  const sin = Math.sin((lat * Math.PI) / 180)
  return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)
}
export const lonOfMercatorX = (x: number) => x * 360 - 180
export const latOfMercatorY = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI
