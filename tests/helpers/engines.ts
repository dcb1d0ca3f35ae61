/**
 * Suites whose engine (a Postgres server, pg_prove, Chromium) is missing are skipped
 * with a loud message, so `npm test` passes on a machine with only Node. CI sets
 * STREETLEVEL_REQUIRE_ALL=1, under which a missing engine fails the run instead.
 */
import { execFileSync } from 'node:child_process'
import pg from 'pg'

export const requireAll = process.env.STREETLEVEL_REQUIRE_ALL === '1'

/** Returns true when the engine is there; otherwise shouts (or throws under CI). */
export function engineAvailable(suite: string, available: boolean, missing: string): boolean {
  if (available) return true
  const message = `\n!!! SKIPPING ${suite}: ${missing}\n`
  if (requireAll) throw new Error(`STREETLEVEL_REQUIRE_ALL=1 but ${message.trim()}`)
  console.warn(`${'!'.repeat(72)}${message}${'!'.repeat(72)}`)
  return false
}

export const pgConfig = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  database: process.env.PGDATABASE ?? 'postgres',
}

/** Whether the local Postgres server answers and has PostGIS installed. */
export async function postgresWithPostgis(): Promise<boolean> {
  const client = new pg.Client({ ...pgConfig, connectionTimeoutMillis: 2000 })
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

export function commandExists(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
