/**
 * One table for all of `npm run bench`: each benchmark records its figures here
 * (test-artifacts/bench/rows-<bench>.json, replaced on each run of that benchmark), and
 * tests/bench/summary.ts, run last, prints them as one table and writes it to
 * test-artifacts/bench-summary.md. A figure carries its baseline from the same run and
 * the ratio between them (value / baseline: below 1 is faster than the baseline), so
 * results from machines of different speeds stay comparable, and the machine's load
 * (1-minute average, 2 cores shared) when it was measured.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { repoRoot } from '../../src/db/migrations.ts'

export const benchDir = path.join(repoRoot, 'test-artifacts', 'bench')

export interface BenchRow {
  /** What was measured, e.g. "street_gaps on PGlite (cached)". */
  figure: string
  /** Median milliseconds (or another unit, given in `unit`). */
  value: number
  unit?: string
  /** The figure it is compared with, measured in the same run. */
  baseline?: { figure: string; value: number }
  /** Optional target, e.g. "≤ 100 ms". */
  target?: string
  note?: string
  /** os.loadavg()[0] when measured; recordBench fills it in when missing. */
  load?: number
}

interface BenchFile {
  bench: string
  at: string
  load: number[]
  rows: BenchRow[]
}

/** Records one benchmark's figures (replacing that benchmark's earlier ones). */
export function recordBench(bench: string, rows: BenchRow[]): string {
  mkdirSync(benchDir, { recursive: true })
  const file = path.join(benchDir, `rows-${bench}.json`)
  const load = loadavg()
  const body: BenchFile = { bench, at: new Date().toISOString(), load, rows: rows.map((r) => ({ ...r, load: r.load ?? load[0] })) }
  writeFileSync(file, JSON.stringify(body, null, 2))
  return file
}

const fmt = (v: number, unit = 'ms') =>
  unit === 'ms' ? (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`) : `${v.toFixed(1)} ${unit}`

/** Every recorded benchmark as one markdown table. */
export function summaryTable(): string {
  const files = readdirSync(benchDir, { withFileTypes: true })
    .filter((f) => f.isFile() && /^rows-.+\.json$/.test(f.name))
    .map((f) => JSON.parse(readFileSync(path.join(benchDir, f.name), 'utf8')) as BenchFile)
    .sort((a, b) => a.at.localeCompare(b.at))
  const lines = [
    '| bench | figure | value | baseline | baseline value | ratio (value / baseline) | target | load | note |',
    '| --- | --- | ---: | --- | ---: | ---: | --- | ---: | --- |',
  ]
  for (const f of files) {
    for (const r of f.rows) {
      const ratio = r.baseline && r.baseline.value > 0 ? `${(r.value / r.baseline.value).toFixed(r.value / r.baseline.value < 0.1 ? 3 : 2)}×` : ''
      const load = r.load ?? f.load[0]
      lines.push(
        `| ${f.bench} | ${r.figure} | ${fmt(r.value, r.unit)} | ${r.baseline?.figure ?? ''} | ` +
          `${r.baseline ? fmt(r.baseline.value, r.unit) : ''} | ${ratio} | ${r.target ?? ''} | ${load.toFixed(1)} | ${r.note ?? ''} |`,
      )
    }
  }
  const when = files.map((f) => `${f.bench} ${f.at.slice(0, 19)}Z`)
  return `${lines.join('\n')}\n\nLoad: os.loadavg() 1-minute average when the figure was recorded (2 cores, shared). Recorded: ${when.join('; ')}\n`
}
