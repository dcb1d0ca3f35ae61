/**
 * One table for all of `npm run bench`: each benchmark records its figures here
 * (test-artifacts/bench/rows-<bench>.json, replaced on each run of that benchmark), and
 * tests/bench/summary.ts, run last, prints them as one table and writes it to
 * test-artifacts/bench/summary.md. A figure carries its baseline from the same run and
 * the ratio between them, so results from machines of different speeds stay comparable.
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
  const body: BenchFile = { bench, at: new Date().toISOString(), load: loadavg(), rows }
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
    '| bench | figure | value | baseline | baseline value | ratio (baseline / value) | target | note |',
    '| --- | --- | ---: | --- | ---: | ---: | --- | --- |',
  ]
  for (const f of files) {
    for (const r of f.rows) {
      const ratio = r.baseline ? (r.baseline.value / r.value).toFixed(1) + '×' : ''
      lines.push(
        `| ${f.bench} | ${r.figure} | ${fmt(r.value, r.unit)} | ${r.baseline?.figure ?? ''} | ` +
          `${r.baseline ? fmt(r.baseline.value, r.unit) : ''} | ${ratio} | ${r.target ?? ''} | ${r.note ?? ''} |`,
      )
    }
  }
  const loads = files.map((f) => `${f.bench} ${f.at.slice(11, 19)}Z load ${f.load.map((l) => l.toFixed(1)).join('/')}`)
  return `${lines.join('\n')}\n\nMachine load (1/5/15 min averages) when each bench finished: ${loads.join('; ')}\n`
}
