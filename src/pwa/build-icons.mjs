#!/usr/bin/env node
/**
 * Renders the install icons (public/icons/*.png) from public/favicon.svg with the
 * Chromium already used by the end-to-end tests, so no image library (sharp, resvg:
 * native binaries) is needed. Run with `npm run icons`; the PNGs are committed, so
 * building the app never needs Chromium.
 *
 * "any" icons are the logo edge to edge; "maskable" ones put it inside the 80 % safe
 * zone on the brand blue, since launchers may crop a maskable icon to a circle.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { chromium } from 'playwright-core'
/* global document -- page.waitForFunction's callback runs in the page */

const svg = readFileSync(new URL('../../public/favicon.svg', import.meta.url), 'utf8')
const out = new URL('../../public/icons/', import.meta.url)
mkdirSync(out, { recursive: true })

const icons = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon-180.png', size: 180, maskable: true },
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
try {
  const page = await browser.newPage()
  for (const icon of icons) {
    const inner = icon.maskable ? Math.round(icon.size * 0.8) : icon.size
    await page.setViewportSize({ width: icon.size, height: icon.size })
    await page.setContent(`<!doctype html><html><body style="margin:0;width:${icon.size}px;height:${icon.size}px;
      display:grid;place-items:center;background:${icon.maskable ? '#1f5fbf' : 'transparent'}">
      <img style="width:${inner}px;height:${inner}px" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body></html>`)
    await page.waitForFunction(() => document.images[0]?.complete)
    const png = await page.screenshot({ omitBackground: !icon.maskable, type: 'png' })
    writeFileSync(new URL(icon.file, out), png)
    console.log(`public/icons/${icon.file} ${icon.size}x${icon.size} ${png.length} bytes`)
  }
} finally {
  await browser.close()
}
