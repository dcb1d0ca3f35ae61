/**
 * Import time and peak memory for the whole-Rutland OpenStreetMap extract
 * (../shared/data/osm-rutland-oakham/rutland-latest.osm.pbf, 1.2 MB, 113,647 nodes,
 * 10,476 ways), against baselines measured in the same run:
 *
 *   read     read the file and inflate every block (no decoding): the floor
 *   decode   decode every element of both passes, doing nothing with them
 *   parse    the importer's two passes and feature building, no database
 *   pglite   the full import into a fresh in-memory PGlite (after migrating it),
 *            then the same file again (everything unchanged)
 *   postgres the full import into a fresh database on 127.0.0.1:5432, when there is one
 *   … without gap caches: the same imports with the gap-cache triggers disabled: what the
 *            caches themselves cost (their notes and their build)
 *   … before: the import as it was before the caches and before the work to pay for them,
 *            the baseline of issue 13's target ("stays where it is or gets faster"): the
 *            database made by the migrations older than --before (default 20261204002000,
 *            the first migration of that work), gap-cache triggers disabled. The importer's
 *            own code is today's in both, so what it saves counts in both.
 *
 * An import commits its data, then builds the gap caches in a transaction of its own
 * (gap figures are exact meanwhile, from the tables): the table gives the import up to
 * its commit, the cache build after it, and the two together, each against the import
 * without gap caches.
 *
 * Figures go to the shared table of `npm run bench` (report.ts).
 * Each phase runs in its own child process, so its peak memory (getrusage maxRSS,
 * plus process.memoryUsage().rss sampled every 10 ms) is its own.
 *
 *   npm run bench:import [-- --file other.osm.pbf] [-- --runs 3] [-- --before 20261204002000]
 */
import { execFile } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { recordBench, type BenchRow } from './report.ts'

const self = fileURLToPath(import.meta.url)
const repoRoot = path.resolve(path.dirname(self), '../..')
const defaultFile = path.join(repoRoot, '..', 'shared', 'data', 'osm-rutland-oakham', 'rutland-latest.osm.pbf')

interface PhaseResult {
  phase: string
  ms: number
  /**
   * CPU time it took, ms: this process's (all of PGlite's work) plus, on Postgres, the
   * server backend's (from /proc). Far less disturbed than wall time by the other work
   * on a shared machine, so the ratios are given on it too.
   */
  cpuMs: number
  /** Peak RSS of the whole child process (getrusage), MiB. */
  peakRssMiB: number
  /** RSS when the measured work began, MiB (PGlite's own footprint for the DB phases). */
  startRssMiB: number
  /** Highest sampled RSS during the measured work, MiB. */
  sampledPeakMiB: number
  detail: Record<string, unknown>
}

const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10

/** Times fn while sampling RSS every 10 ms. */
/** CPU ms used so far by a process on this machine (utime + stime from /proc), 0 if unreadable. */
async function processCpuMs(pid: number): Promise<number> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // clock ticks of 10 ms
  } catch {
    return 0
  }
}

async function measure(
  phase: string,
  fn: () => Promise<Record<string, unknown>>,
  otherCpuMs: () => Promise<number> = async () => 0,
): Promise<PhaseResult> {
  const startRss = process.memoryUsage().rss
  const cpuStart = process.cpuUsage()
  const otherStart = await otherCpuMs()
  let peak = startRss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 10)
  const started = performance.now()
  const detail = await fn()
  const ms = performance.now() - started
  const cpu = process.cpuUsage(cpuStart)
  const cpuMs = (cpu.user + cpu.system) / 1000 + (await otherCpuMs()) - otherStart
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  return {
    phase,
    ms: Math.round(ms),
    cpuMs: Math.round(cpuMs),
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    startRssMiB: mib(startRss),
    sampledPeakMiB: mib(peak),
    detail,
  }
}

/** A folder of links to the migrations older than `before`: the schema as it was then. */
async function migrationsBefore(before: string): Promise<string> {
  const { listMigrations } = await import('../../src/db/migrations.ts')
  const dir = await mkdtemp(path.join(tmpdir(), 'streetlevel-migrations-'))
  for (const m of await listMigrations()) if (m.version < before) await symlink(m.file, path.join(dir, path.basename(m.file)))
  return dir
}

async function runPhase(phase: string, file: string, before: string): Promise<PhaseResult[]> {
  const { forEachBlock, pbfReader } = await import('../../src/import/osm/pbf.ts')
  const { inspectInput, newHash } = await import('../../src/import/input.ts')
  const { silentProgress } = await import('../../src/import/progress.ts')
  const input = await inspectInput(file)

  if (phase === 'read') {
    return [
      await measure('read', async () => {
        let blocks = 0
        let inflated = 0
        await forEachBlock(createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>, (_t, data) => {
          blocks++
          inflated += data.length
        })
        return { blocks, inflatedMiB: mib(inflated) }
      }),
    ]
  }
  if (phase === 'decode') {
    return [
      await measure('decode', async () => {
        const counts = { nodes: 0, ways: 0, relations: 0 }
        const visitor = {
          way: () => void counts.ways++,
          relation: () => void counts.relations++,
          node: () => void counts.nodes++,
          point: () => {},
          skip: () => {},
        }
        await pbfReader.scan(input, 'ways', visitor, silentProgress)
        await pbfReader.scan(input, 'nodes', visitor, silentProgress)
        return counts
      }),
    ]
  }
  if (phase === 'parse') {
    const { readOsm } = await import('../../src/import/osm/index.ts')
    const { loadMapping } = await import('../../src/import/mapping.ts')
    return [
      await measure('parse', async () => {
        const counts: Record<string, number> = {}
        for (const item of await readOsm(input, 'osm-pbf', loadMapping(), silentProgress, newHash())) {
          counts[item.type] = (counts[item.type] ?? 0) + 1
        }
        return counts
      }),
    ]
  }
  const { runImport } = await import('../../src/import/run.ts')
  const { migrate } = await import('../../src/db/migrations.ts')
  const summarise = (s: Awaited<ReturnType<typeof runImport>>) => ({
    streets: s.streets,
    assets: s.assets,
    skipped: s.skipped.total,
    // The gap caches' build right after the commit (included in the phase's time).
    gapCachesMs: s.gapCachesMs ?? 0,
  })
  // The baseline phases: every gap-cache trigger off, as the import was before the caches;
  // '-before' on the schema as it was before the work to pay for them.
  const old = phase.endsWith('-before')
  const noCaches = phase.endsWith('-nocache') || old
  const suffix = old ? ' (before, no gap caches)' : noCaches ? ' (no gap caches)' : ''
  const migrationsDir = old ? await migrationsBefore(before) : undefined
  const disableCaches = async (db: { exec: (sql: string) => Promise<unknown> }) => {
    if (noCaches) {
      await db.exec(`do $$ declare t record; begin
        for t in select tgrelid::regclass as rel, tgname from pg_trigger
                 where tgname ~ '_gap_cache_' and not tgisinternal loop
          execute format('alter table %s disable trigger %I', t.rel, t.tgname);
        end loop; end $$`)
    }
  }
  if (phase.startsWith('pglite')) {
    const { PGlite } = await import('@electric-sql/pglite')
    const { postgis } = await import('@electric-sql/pglite-postgis')
    const setupStarted = performance.now()
    const db = await PGlite.create({ extensions: { postgis } })
    await migrate(db, migrationsDir)
    await disableCaches(db)
    const setupMs = Math.round(performance.now() - setupStarted)
    const first = await measure(`pglite import${suffix}`, async () => ({ setupMs, ...summarise(await runImport(db, file)) }))
    const again = await measure(`pglite re-import${suffix}`, async () => summarise(await runImport(db, file)))
    await db.close()
    if (migrationsDir) await rm(migrationsDir, { recursive: true })
    return [first, again]
  }
  if (phase.startsWith('postgres')) {
    const config = { host: '127.0.0.1', port: 5432, user: 'postgres' }
    const database = `streetlevel_bench_${process.pid}`
    const admin = new pg.Client({ ...config, database: 'postgres' })
    await admin.connect()
    await admin.query(`create database ${database}`)
    const client = new pg.Client({ ...config, database })
    await client.connect()
    const db = { exec: (sql: string) => client.query(sql), query: (sql: string, params?: unknown[]) => client.query(sql, params) as never }
    try {
      await migrate(db, migrationsDir)
      await disableCaches(db)
      const backend = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid
      const backendCpu = () => processCpuMs(backend)
      const first = await measure(`postgres import${suffix}`, async () => summarise(await runImport(db, file)), backendCpu)
      const again = await measure(`postgres re-import${suffix}`, async () => summarise(await runImport(db, file)), backendCpu)
      return [first, again]
    } finally {
      await client.end()
      await admin.query(`drop database if exists ${database} with (force)`)
      await admin.end()
      if (migrationsDir) await rm(migrationsDir, { recursive: true })
    }
  }
  throw new Error(`unknown phase ${phase}`)
}

function child(phase: string, file: string, before: string): Promise<PhaseResult[]> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [self, '--phase', phase, '--file', file, '--before', before],
      { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${phase} failed: ${stderr || error.message}`))
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as PhaseResult[])
      },
    )
  })
}

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    const { rows } = await client.query("select 1 from pg_available_extensions where name = 'postgis'")
    return rows.length === 1
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  const { values } = parseArgs({
    options: { phase: { type: 'string' }, file: { type: 'string' }, runs: { type: 'string' }, before: { type: 'string' } },
  })
  const file = values.file ?? defaultFile
  const before = values.before ?? '20261204002000'
  if (!/^\d{14}$/.test(before)) throw new Error('--before takes a migration version (14 digits)')
  if (values.phase) {
    console.log(JSON.stringify(await runPhase(values.phase, file, before)))
    return
  }
  const runs = Number(values.runs ?? 3)
  const pgPhases = (await postgresAvailable()) ? ['postgres-before', 'postgres-nocache', 'postgres'] : []
  const phases = ['read', 'decode', 'parse', 'pglite-before', 'pglite-nocache', 'pglite', ...pgPhases]
  console.error(`Benchmarking ${file} (${mib((await stat(file)).size)} MiB), ${runs} runs of each phase, one child process each…`)
  const results = new Map<string, PhaseResult[]>()
  for (let run = 0; run < runs; run++) {
    for (const phase of phases) {
      for (const r of await child(phase, file, before)) results.set(r.phase, [...(results.get(r.phase) ?? []), r])
      console.error(`  run ${run + 1}: ${phase} done`)
    }
  }
  const buildMs = (r: PhaseResult) => Number(r.detail.gapCachesMs ?? 0)
  const summary = [...results.entries()].map(([phase, rs]) => ({
    phase,
    ms: median(rs.map((r) => r.ms)),
    cpuMs: median(rs.map((r) => r.cpuMs)),
    /** Up to the import's commit, and the gap caches' build after it. */
    importMs: median(rs.map((r) => r.ms - buildMs(r))),
    buildMs: median(rs.map(buildMs)),
    peakRssMiB: median(rs.map((r) => r.peakRssMiB)),
    startRssMiB: median(rs.map((r) => r.startRssMiB)),
    sampledPeakMiB: median(rs.map((r) => r.sampledPeakMiB)),
    /** Every run, to judge the spread on a shared machine. */
    runsMs: rs.map((r) => r.ms),
    runsCpuMs: rs.map((r) => r.cpuMs),
    detail: rs[0].detail,
  }))
  const base = summary.find((s) => s.phase === 'read')!
  console.log(`\nMedians of ${runs} runs (time, and peak RSS of the child process):`)
  console.log('phase                 time ms   ×read   CPU ms   peak RSS MiB  ×read   RSS at start → sampled peak MiB   of it: cache build ms')
  for (const s of summary) {
    console.log(
      `${s.phase.padEnd(20)} ${String(s.ms).padStart(8)}  ${(s.ms / base.ms).toFixed(1).padStart(6)}  ${String(s.cpuMs).padStart(7)}  ${String(s.peakRssMiB).padStart(12)}  ${(s.peakRssMiB / base.peakRssMiB).toFixed(1).padStart(5)}   ${s.startRssMiB} → ${s.sampledPeakMiB}   ${s.buildMs}`,
    )
  }
  console.log(`\n${JSON.stringify({ file, runs, summary }, null, 1)}`)

  // The shared table: each import (with its cache build) against the import as it was
  // before the caches and the work to pay for them (issue 13's target), then against the
  // same import without the caches (what the caches cost); the parse against the bare read.
  const by = new Map(summary.map((s) => [s.phase, s]))
  const rows: BenchRow[] = [{ figure: 'parse whole Rutland (no database)', value: by.get('parse')!.ms, baseline: { figure: 'read + inflate', value: base.ms } }]
  for (const engine of ['pglite', 'postgres']) {
    for (const kind of ['import', 're-import']) {
      const with_ = by.get(`${engine} ${kind}`)
      const without = by.get(`${engine} ${kind} (no gap caches)`)
      const old = by.get(`${engine} ${kind} (before, no gap caches)`)
      if (!with_ || !without || !old) continue
      const name = `${kind} whole Rutland on ${engine === 'pglite' ? 'PGlite' : 'Postgres'}`
      const same = { figure: 'same import without gap caches', value: without.importMs }
      rows.push(
        {
          figure: `${name}, import + gap cache build`,
          value: with_.ms,
          baseline: { figure: `the import before ${before}, without gap caches (as before them)`, value: old.ms },
          target: '≤ 1.0× (as fast as before the caches)',
          note: `peak RSS ${with_.peakRssMiB} MiB (before: ${old.peakRssMiB} MiB)`,
        },
        {
          figure: `${name}, import + gap cache build, CPU time`,
          value: with_.cpuMs,
          baseline: { figure: `the import before ${before}, without gap caches, CPU time`, value: old.cpuMs },
          target: '≤ 1.0×',
          note: 'CPU of the importer and (Postgres) its server backend: less disturbed by a loaded machine than wall time',
        },
        {
          figure: `${name}, import + gap cache build, CPU time`,
          value: with_.cpuMs,
          baseline: { figure: 'same import without gap caches, CPU time', value: without.cpuMs },
        },
        { figure: `${name}, to its commit`, value: with_.importMs, baseline: same },
        { figure: `${name}: gap cache build after it`, value: with_.buildMs, baseline: same },
        { figure: `${name}, import + gap cache build`, value: with_.ms, baseline: { ...same, value: without.ms } },
      )
    }
  }
  recordBench('import', rows)
}

await main()
