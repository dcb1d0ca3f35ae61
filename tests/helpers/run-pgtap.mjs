/**
 * Runs the pgTAP suite (supabase/tests/database/*.test.sql) with pg_prove against the
 * local Postgres + PostGIS server, on a fresh database built from the bootstrap and
 * the migrations exactly as src/db/migrations.ts applies them.
 *
 *   npm run test:db                      # or: node tests/helpers/run-pgtap.mjs
 *   node tests/helpers/run-pgtap.mjs supabase/tests/database/api_gaps.test.sql
 *
 * Environment: PGHOST, PGPORT, PGUSER (default 127.0.0.1, 5432, postgres) and
 * PGTAP_DATABASE (default streetlevel_pgtap; it is dropped and re-created).
 * The tests vitest runs (tests/db/pgtap.test.ts) call runPgTap() from here.
 */
import { spawn } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const testsDir = path.join(repoRoot, 'supabase', 'tests', 'database')

export const connection = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
}

/**
 * The migration runner is TypeScript. Under vitest or tsx it imports as is; under
 * plain Node (npm run test:db) tsx compiles it on the fly.
 */
async function loadMigrate() {
  const specifier = '../../src/db/migrations.ts'
  try {
    return (await import(specifier)).migrate
  } catch (error) {
    if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error
    const { tsImport } = await import('tsx/esm/api')
    return (await tsImport(specifier, import.meta.url)).migrate
  }
}

/** The test files pg_prove runs: only `*.test.sql` (helpers such as _fixtures.sql are included by them). */
export async function listTestFiles(dir = testsDir) {
  return (await readdir(dir))
    .filter((f) => f.endsWith('.test.sql'))
    .sort()
    .map((f) => path.join(dir, f))
}

/** What is missing to run the suite here (empty when everything is installed). */
export async function missingEngines() {
  const missing = []
  const client = new pg.Client({ ...connection, database: 'postgres', connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    const { rows } = await client.query(
      "select name from pg_available_extensions where name in ('postgis', 'pgtap')",
    )
    const names = new Set(rows.map((r) => r.name))
    if (!names.has('postgis')) missing.push('the PostGIS extension is not installed on the Postgres server')
    if (!names.has('pgtap')) missing.push('the pgTAP extension is not installed on the Postgres server')
  } catch (error) {
    missing.push(
      `no Postgres server answers at ${connection.host}:${connection.port} as ${connection.user} (${error.message})`,
    )
  } finally {
    await client.end().catch(() => {})
  }
  if (!(await commandWorks('pg_prove', ['--version']))) missing.push('pg_prove is not on the PATH')
  return missing
}

function commandWorks(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' })
    child.on('error', () => resolve(false))
    child.on('close', (code) => resolve(code === 0))
  })
}

/**
 * Drops and re-creates `database`, applies the bootstrap and migrations, and installs
 * pgTAP in schema `extensions` (where PostGIS also lives, as on hosted Supabase).
 */
export async function prepareDatabase(database) {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Unsafe database name: ${database}`)
  const admin = new pg.Client({ ...connection, database: 'postgres' })
  await admin.connect()
  try {
    await admin.query(`drop database if exists ${database} with (force)`)
    await admin.query(`create database ${database}`)
  } finally {
    await admin.end()
  }
  const migrate = await loadMigrate()
  const client = new pg.Client({ ...connection, database })
  await client.connect()
  try {
    const db = { exec: (sql) => client.query(sql), query: (sql, params) => client.query(sql, params) }
    await migrate(db)
    // The embedded backend runs migrate() at every start, so the bootstrap runs again
    // over a migrated schema. Do the same, so that the schema contract also proves a
    // restart cannot widen any privilege.
    await migrate(db)
    await client.query('create extension if not exists pgtap with schema extensions')
  } finally {
    await client.end()
  }
}

/**
 * Runs pg_prove over the test files; resolves with its exit status and its whole
 * output (stdout and stderr, in order). `echo` streams the output as it comes.
 */
export async function runPgTap({
  database = process.env.PGTAP_DATABASE ?? 'streetlevel_pgtap',
  files,
  echo = false,
  verbose = false,
} = {}) {
  await prepareDatabase(database)
  const testFiles = files?.length ? files : await listTestFiles()
  const args = [
    '--host', connection.host, '--port', String(connection.port), '--username', connection.user,
    '--dbname', database, '--failures', '--comments', '--nocolor',
    ...(verbose ? ['--verbose'] : []),
    ...testFiles.map((f) => path.relative(repoRoot, f)),
  ]
  return await new Promise((resolve, reject) => {
    const child = spawn('pg_prove', args, {
      cwd: repoRoot,
      // pgTAP's functions live in `extensions`; each test file also sets its own search_path.
      env: { ...process.env, PGOPTIONS: '-c search_path=public,extensions -c client_min_messages=warning' },
    })
    let output = ''
    const collect = (stream) => (chunk) => {
      output += chunk
      if (echo) stream.write(chunk)
    }
    child.stdout.on('data', collect(process.stdout))
    child.stderr.on('data', collect(process.stderr))
    child.on('error', reject)
    child.on('close', (code) => resolve({ status: code ?? 1, output, command: `pg_prove ${args.join(' ')}` }))
  })
}

// Run as a script: exit with pg_prove's status.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const missing = await missingEngines()
  if (missing.length > 0) {
    console.error(`Cannot run the pgTAP suite: ${missing.join('; ')}.`)
    process.exit(2)
  }
  const files = process.argv.slice(2).map((f) => path.resolve(f))
  const { status } = await runPgTap({ files, echo: true, verbose: process.env.PGTAP_VERBOSE === '1' })
  process.exit(status)
}
