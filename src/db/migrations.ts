/**
 * Applies the Supabase platform bootstrap and supabase/migrations, in order, to any
 * Postgres we run ourselves (PGlite or a real server), recording each applied
 * migration as the Supabase CLI does, in supabase_migrations.schema_migrations.
 * Hosted Supabase needs none of this: there, `supabase db push` applies the same files.
 */
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

/** The little of a database client this needs; PGlite and node-postgres both fit. */
export interface SqlClient {
  exec(sql: string): Promise<unknown>
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
}

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const supabaseDir = path.join(repoRoot, 'supabase')
export const bootstrapFile = path.join(supabaseDir, 'bootstrap', 'supabase-platform.sql')
export const demoSeedFile = path.join(repoRoot, 'data', 'demo', 'seed.sql')

export interface Migration {
  version: string
  name: string
  file: string
}

/** Migrations on disk, oldest first; names follow `<timestamp>_<topic>.sql`. */
export async function listMigrations(dir = path.join(supabaseDir, 'migrations')): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
  return files.map((f) => {
    const match = /^(\d{14})_(.+)\.sql$/.exec(f)
    if (!match) throw new Error(`Migration file name must be <14-digit timestamp>_<topic>.sql: ${f}`)
    return { version: match[1], name: match[2], file: path.join(dir, f) }
  })
}

export interface MigrateOptions {
  /** Told which migration is about to run (for start-up progress lines). */
  onMigration?: (migration: Migration) => void
}

/**
 * Runs the bootstrap on a fresh database and every migration not applied yet; returns
 * those applied.
 *
 * The bootstrap runs once per database, never again on later starts: it reproduces
 * Supabase's blanket `grant all on all functions in schema public to anon, …`, which
 * on a migrated database would undo every migration's `revoke execute` (anon could then
 * call pin_need, for instance). Hosted Supabase likewise applies those grants once, when
 * the project is made. The schema_migrations table doubles as the bootstrap's marker.
 */
export async function migrate(db: SqlClient, dir?: string, options: MigrateOptions = {}): Promise<Migration[]> {
  const { rows: state } = await db.query<{ bootstrapped: boolean }>(
    "select to_regclass('supabase_migrations.schema_migrations') is not null as bootstrapped",
  )
  if (!state[0].bootstrapped) await db.exec(await readFile(bootstrapFile, 'utf8'))
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key, name text, statements text[]
    );`)
  const { rows } = await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')
  const applied = new Set(rows.map((r) => r.version))
  const pending = (await listMigrations(dir)).filter((m) => !applied.has(m.version))
  for (const migration of pending) {
    options.onMigration?.(migration)
    const sql = await readFile(migration.file, 'utf8')
    // One transaction per migration: a failing file leaves no half-applied schema.
    await db.exec('begin')
    try {
      await db.exec(sql)
      await db.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ])
      await db.exec('commit')
    } catch (error) {
      await db.exec('rollback')
      throw new Error(`Migration ${path.basename(migration.file)} failed: ${(error as Error).message}`, {
        cause: error,
      })
    }
  }
  return pending
}

/** Loads the generated demo town (the seed wraps itself in one transaction). */
export async function loadDemoData(db: SqlClient, file = demoSeedFile): Promise<void> {
  await db.exec(await readFile(file, 'utf8'))
}
