import { chromium } from 'playwright-core'
const [url, out, w = '1280', h = '800'] = process.argv.slice(2)
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
const p = await (await b.newContext({ viewport: { width: +w, height: +h } })).newPage()
p.on('pageerror', (e) => console.log('pageerror', e.message))
p.on('console', (m) => m.type() === 'error' && console.log('console', m.text()))
await p.goto(url); await p.waitForTimeout(6000)
await p.screenshot({ path: out, fullPage: true }); await b.close()
