/**
 * Font stacks for map labels. The glyph PBFs live under public/fonts/<stack>/ (built
 * by src/map/glyphs/build-glyphs.mjs from DejaVu Sans Condensed), so labels never
 * need a third-party glyph server.
 */
export const FONTS = {
  regular: ['DejaVuSansCondensed'],
  bold: ['DejaVuSansCondensed-Bold'],
}

/** The glyphs URL template, absolute as the style spec requires, on our own origin. */
export function glyphsUrl(base: string): string {
  // Built as a string: new URL() would percent-encode the braces of the template.
  return `${new URL('fonts/', base).href}{fontstack}/{range}.pbf`
}
