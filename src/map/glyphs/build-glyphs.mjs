#!/usr/bin/env node
/**
 * Builds the signed-distance-field glyph PBFs that MapLibre needs for labels, from a
 * font on this machine, so the map never asks a third-party glyph server. Node only:
 * no browser code imports this file. Run with `npm run glyphs`; the output under
 * public/fonts/ is committed, so building or serving the app never needs the font.
 *
 * Why not fontnik or a glyph package: fontnik is a native addon whose install
 * downloads a prebuilt binary (not possible here), and no installable npm package
 * ships glyph PBFs. This is the same recipe in plain JavaScript: opentype.js reads
 * the outlines, and the distance field is computed exactly from the flattened
 * outline (distance to the nearest edge, sign from the non-zero winding rule) with
 * the parameters fontnik and TinySDF use (24 px, 3 px border, radius 8, cutoff 0.25),
 * which MapLibre's text shader expects.
 *
 * Font: DejaVu Sans Condensed (Debian's fonts-dejavu-core / fonts-dejavu-extra),
 * Bitstream Vera licence with DejaVu changes in the public domain; see
 * public/fonts/LICENSE-DejaVu.txt. Condensed keeps street names short along lines.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import opentype from 'opentype.js'
import { PbfWriter } from 'pbf'

const SIZE = 24 // font size the atlas is drawn at (MapLibre's ONE_EM)
const BORDER = 3 // border around each glyph bitmap (MapLibre's GLYPH_PBF_BORDER)
const RADIUS = 8
const CUTOFF = 0.25

const fontDirs = ['/usr/share/fonts/truetype/dejavu']
/** Fontstack name (as used in `text-font`) → font file. Names have no spaces, so URLs stay plain. */
export const fontstacks = {
  DejaVuSansCondensed: 'DejaVuSansCondensed.ttf',
  'DejaVuSansCondensed-Bold': 'DejaVuSansCondensed-Bold.ttf',
}
/** Latin-1, Latin Extended-A and General Punctuation (’ “ ” – … ): enough for UK place names. */
const ranges = [0, 256, 8192]

const outRoot = fileURLToPath(new URL('../../../public/fonts/', import.meta.url))

/** Flattens a glyph path into closed polygons of [x, y] points (y down, pixels). */
function flatten(commands) {
  const rings = []
  let ring = []
  let x = 0
  let y = 0
  const steps = 8
  for (const c of commands) {
    if (c.type === 'M') {
      if (ring.length > 1) rings.push(ring)
      ring = [[c.x, c.y]]
    } else if (c.type === 'L') {
      ring.push([c.x, c.y])
    } else if (c.type === 'Q') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps
        const u = 1 - t
        ring.push([u * u * x + 2 * u * t * c.x1 + t * t * c.x, u * u * y + 2 * u * t * c.y1 + t * t * c.y])
      }
    } else if (c.type === 'C') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps
        const u = 1 - t
        ring.push([
          u * u * u * x + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
          u * u * u * y + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y,
        ])
      }
    } else if (c.type === 'Z') {
      if (ring.length > 1) rings.push(ring)
      ring = []
      continue
    }
    if (c.type !== 'Z') {
      x = c.x
      y = c.y
    }
  }
  if (ring.length > 1) rings.push(ring)
  return rings
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax
  const dy = by - ay
  const len = dx * dx + dy * dy
  let t = len === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len
  t = Math.max(0, Math.min(1, t))
  const ex = ax + t * dx - px
  const ey = ay + t * dy - py
  return Math.sqrt(ex * ex + ey * ey)
}

/** Non-zero winding number of the rings around a point. */
function winding(px, py, rings) {
  let w = 0
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j]
      const [bx, by] = ring[i]
      if (ay <= py) {
        if (by > py && (bx - ax) * (py - ay) - (px - ax) * (by - ay) > 0) w++
      } else if (by <= py && (bx - ax) * (py - ay) - (px - ax) * (by - ay) < 0) w--
    }
  }
  return w
}

/** One glyph as MapLibre's PBF expects it: metrics in pixels at 24 px, SDF bitmap with border. */
function renderGlyph(font, code, ascender) {
  const glyph = font.charToGlyph(String.fromCodePoint(code))
  if (!glyph || (glyph.index === 0 && code !== 0)) return null
  const advance = Math.round((glyph.advanceWidth ?? 0) * (SIZE / font.unitsPerEm))
  const glyphPath = glyph.getPath(0, 0, SIZE)
  const rings = flatten(glyphPath.commands)
  if (rings.length === 0) return { id: code, width: 0, height: 0, left: 0, top: -ascender, advance }
  const box = glyphPath.getBoundingBox()
  const left = Math.floor(box.x1)
  const yTop = Math.floor(box.y1) // y down: the top edge is the smallest y
  const width = Math.ceil(box.x2) - left
  const height = Math.ceil(box.y2) - yTop
  const w = width + 2 * BORDER
  const h = height + 2 * BORDER
  const bitmap = new Uint8Array(w * h)
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const px = left - BORDER + i + 0.5
      const py = yTop - BORDER + j + 0.5
      let d = Infinity
      for (const ring of rings) {
        for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
          d = Math.min(d, segmentDistance(px, py, ring[m][0], ring[m][1], ring[k][0], ring[k][1]))
        }
      }
      const signed = winding(px, py, rings) !== 0 ? -d : d
      bitmap[j * w + i] = Math.max(0, Math.min(255, Math.round(255 - 255 * (signed / RADIUS + CUTOFF))))
    }
  }
  // `top` is the glyph's top above the baseline, less the font's ascender (as fontnik writes it).
  return { id: code, bitmap, width, height, left, top: -yTop - ascender, advance }
}

function writeGlyph(g, pbf) {
  pbf.writeVarintField(1, g.id)
  if (g.bitmap) pbf.writeBytesField(2, g.bitmap)
  pbf.writeVarintField(3, g.width)
  pbf.writeVarintField(4, g.height)
  pbf.writeSVarintField(5, g.left)
  pbf.writeSVarintField(6, g.top)
  pbf.writeVarintField(7, g.advance)
}

export function buildRange(font, name, start) {
  const ascender = Math.round(font.ascender * (SIZE / font.unitsPerEm))
  const glyphs = []
  for (let code = start; code < start + 256; code++) {
    const g = renderGlyph(font, code, ascender)
    if (g) glyphs.push(g)
  }
  const pbf = new PbfWriter()
  pbf.writeMessage(1, (_, p) => {
    p.writeStringField(1, name)
    p.writeStringField(2, `${start}-${start + 255}`)
    for (const g of glyphs) p.writeMessage(3, writeGlyph, g)
  })
  return { bytes: pbf.finish(), count: glyphs.length }
}

function main() {
  for (const [name, file] of Object.entries(fontstacks)) {
    const fontPath = fontDirs.map((d) => path.join(d, file)).find((p) => existsSync(p))
    if (!fontPath) throw new Error(`${file} not found; install Debian's fonts-dejavu-core and fonts-dejavu-extra.`)
    const buffer = readFileSync(fontPath)
    const font = opentype.parse(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength))
    const dir = path.join(outRoot, name)
    mkdirSync(dir, { recursive: true })
    for (const start of ranges) {
      const { bytes, count } = buildRange(font, name, start)
      writeFileSync(path.join(dir, `${start}-${start + 255}.pbf`), bytes)
      console.log(`${name} ${start}-${start + 255}: ${count} glyphs, ${bytes.length} bytes`)
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main()
