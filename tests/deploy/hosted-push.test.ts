/**
 * The hosted deploy path, as the README gives it: the Supabase CLI (npm devDependency)
 * pushes supabase/migrations onto a fresh Postgres prepared as a new hosted project is
 * (supabase/bootstrap/supabase-platform.sql), lists them as applied, and
 * `supabase db lint` (plpgsql_check) finds no error in `public` or `private`.
 * It works for whatever migrations are present. Without a Postgres server with PostGIS
 * and plpgsql_check, or without the CLI's binary, it skips loudly (fails under
 * STREETLEVEL_REQUIRE_ALL=1). Debian: postgresql-15-postgis-3 postgresql-15-plpgsql-check.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engineAvailable, pgConfig } from '../helpers/engines.ts'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const cli = path.join(repoRoot, 'node_modules', '.bin', 'supabase')
const migrationsDir = path.join(repoRoot, 'supabase', 'migrations')
// Unique per run, so engineers (and `npm run test:deploy` beside `npm test`) never collide.
const database = `streetlevel_deploy_${process.pid}`
const dbUrl = `postgres://${pgConfig.user}@${pgConfig.host}:${pgConfig.port}/${database}?sslmode=disable`

interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the Supabase CLI from the repository root; resolves with its exit code and output. */
function supabase(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(cli, args, { cwd: repoRoot, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

async function withClient<T>(db: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...pgConfig, database: db, connectionTimeoutMillis: 2000 })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** What this suite needs and is missing (empty when everything is here). */
async function missingEngines(): Promise<string[]> {
  const missing: string[] = []
  try {
    const names = await withClient('postgres', async (c) =>
      (await c.query<{ name: string }>(
        "select name from pg_available_extensions where name in ('postgis', 'plpgsql_check')",
      )).rows.map((r) => r.name),
    )
    if (!names.includes('postgis')) missing.push('the PostGIS extension is not installed on the Postgres server')
    if (!names.includes('plpgsql_check')) missing.push('plpgsql_check is not installed (apt-get install postgresql-15-plpgsql-check)')
  } catch (error) {
    missing.push(`no Postgres server answers at ${pgConfig.host}:${pgConfig.port} (${(error as Error).message})`)
  }
  if (!existsSync(cli)) missing.push('the Supabase CLI is not installed (npm ci)')
  else if ((await supabase('--version')).code !== 0) missing.push("the Supabase CLI's binary does not run on this platform")
  return missing
}

/** What `supabase db lint` reports as JSON: one entry per function with problems. */
interface LintReport {
  function: string
  issues: { level: string; message: string; statement?: { lineNumber: string; text: string }; context?: string }[]
}

async function lint(schemas: string): Promise<{ result: CliResult; reports: LintReport[] }> {
  const result = await supabase('db', 'lint', '--db-url', dbUrl, '--schema', schemas, '--level', 'warning', '--output-format', 'json')
  // --output-format json prints one envelope, {"results": [...], "message": "db lint"}.
  const { results } = JSON.parse(result.stdout) as { results: LintReport[] }
  return { result, reports: results }
}

const missing = await missingEngines()
const available = engineAvailable('the hosted deploy path (tests/deploy/hosted-push.test.ts)', missing.length === 0, missing.join('; '))

describe.skipIf(!available)('the hosted deploy path: supabase db push and db lint', () => {
  let versions: string[] = []

  beforeAll(async () => {
    versions = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort().map((f) => f.split('_')[0])
    const bootstrap = await readFile(path.join(repoRoot, 'supabase', 'bootstrap', 'supabase-platform.sql'), 'utf8')
    await withClient('postgres', (c) => c.query(`drop database if exists ${database} with (force)`).then(() => c.query(`create database ${database}`)))
    await withClient(database, (c) => c.query(bootstrap))
  }, 60_000)

  afterAll(async () => {
    if (available) await withClient('postgres', (c) => c.query(`drop database if exists ${database} with (force)`))
  })

  it('pushes every migration onto a fresh hosted-like database', async () => {
    const push = await supabase('db', 'push', '--db-url', dbUrl, '--yes')
    expect(push.code, `supabase db push failed:\n${push.stdout}\n${push.stderr}`).toBe(0)
    const applied = await withClient(database, async (c) =>
      (await c.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version')).rows.map((r) => r.version),
    )
    expect(applied).toEqual(versions)
  }, 300_000)

  it('lists every local migration as applied, and a second push changes nothing', async () => {
    const list = await supabase('migration', 'list', '--db-url', dbUrl)
    expect(list.code, list.stderr).toBe(0)
    // Rows read "`local` | `remote` | `time`"; a migration not yet pushed has a blank remote.
    const rows = [...list.stdout.matchAll(/`(\d{14})?\s*`\s*\|\s*`(\d{14})?\s*`/g)].map((m) => ({ local: m[1], remote: m[2] }))
    expect(rows).toEqual(versions.map((v) => ({ local: v, remote: v })))

    const again = await supabase('db', 'push', '--db-url', dbUrl, '--yes')
    expect(again.code, again.stderr).toBe(0)
    expect(`${again.stdout}${again.stderr}`).toContain('Remote database is up to date.')
  }, 120_000)

  it('finds no error with supabase db lint in public and private', async () => {
    const { result, reports } = await lint('public,private')
    const errors = reports.flatMap((r) => r.issues.filter((i) => i.level === 'error').map((i) => ({ function: r.function, ...i })))
    expect(errors, JSON.stringify(errors, null, 2)).toEqual([])
    expect(result.code, result.stderr).toBe(0)
    const warnings = reports.flatMap((r) => r.issues.map((i) => `${r.function}: ${i.message}`))
    if (warnings.length > 0) console.warn(`supabase db lint warnings:\n${warnings.join('\n')}`)
  }, 120_000)

  it('db lint does report a broken function (so a clean lint means something)', async () => {
    await withClient(database, (c) =>
      c.query(`create schema lint_canary;
        create function lint_canary.broken() returns int language plpgsql as $$
        begin return (select no_such_column from public.categories limit 1); end $$;`),
    )
    try {
      const { reports } = await lint('lint_canary')
      expect(reports.map((r) => r.function)).toEqual(['lint_canary.broken'])
      expect(reports[0].issues[0]).toMatchObject({ level: 'error', message: 'column "no_such_column" does not exist' })
    } finally {
      await withClient(database, (c) => c.query('drop schema lint_canary cascade'))
    }
  }, 120_000)
})
