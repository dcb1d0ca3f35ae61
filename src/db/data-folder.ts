/**
 * The data folder (default .streetlevel/): the PGlite database, the JWT secret and a
 * pid file that keeps two processes from opening the same single-connection database.
 *
 *   .streetlevel/
 *     pgdata/        PGlite's Postgres data directory
 *     secrets.json   the JWT secret (mode 0600), made on first start
 *     server.pid     present while a server runs
 *     initialised    the first start finished (migrated and seeded)
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pidFileText, sameProcess } from './process-identity.ts'

export interface Secrets {
  /** HS256 secret for every JWT (access tokens and the API keys). */
  jwtSecret: string
  /** Unix seconds; the API keys' iat, so that they stay the same across restarts. */
  createdAt: number
}

export const pgDataDir = (dataDir: string) => path.join(dataDir, 'pgdata')
const secretsFile = (dataDir: string) => path.join(dataDir, 'secrets.json')
const pidFile = (dataDir: string) => path.join(dataDir, 'server.pid')
/** Written once the first start has migrated and seeded the database. */
export const initialisedMarker = (dataDir: string) => path.join(dataDir, 'initialised')

export async function markInitialised(dataDir: string): Promise<void> {
  if (!existsSync(initialisedMarker(dataDir))) await writeFile(initialisedMarker(dataDir), new Date().toISOString() + '\n')
}

export async function ensureDataFolder(dataDir: string): Promise<{ created: boolean }> {
  const created = !existsSync(dataDir)
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  return { created }
}

/** Reads the secrets, making them on first start; keeps the file private (0600). */
export async function loadOrCreateSecrets(dataDir: string): Promise<{ secrets: Secrets; created: boolean }> {
  const file = secretsFile(dataDir)
  if (existsSync(file)) {
    const mode = (await stat(file)).mode & 0o777
    if (mode !== 0o600) await chmod(file, 0o600)
    const secrets = JSON.parse(await readFile(file, 'utf8')) as Secrets
    if (typeof secrets.jwtSecret !== 'string' || secrets.jwtSecret.length < 32 || !Number.isInteger(secrets.createdAt)) {
      throw new Error(`${file} is damaged; move it away to make new keys (every session will end).`)
    }
    return { secrets, created: false }
  }
  const secrets: Secrets = { jwtSecret: randomBytes(48).toString('base64url'), createdAt: Math.floor(Date.now() / 1000) }
  // Write then rename, so a crash never leaves a half-written secret behind.
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 })
  await rename(tmp, file)
  return { secrets, created: true }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The pid of a live server using this folder, if any (a stale pid file is ignored). */
export async function runningServerPid(dataDir: string): Promise<number | null> {
  try {
    const [pidText, start] = (await readFile(pidFile(dataDir), 'utf8')).trim().split(/\s+/)
    const pid = Number(pidText)
    // A pid reused by an unrelated process after kill -9 is not a server (process-identity.ts).
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && sameProcess(pid, start, processAlive) ? pid : null
  } catch {
    return null
  }
}

/** Claims the folder for this process, or explains who has it. */
export async function claimDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const other = await runningServerPid(dataDir)
  if (other) {
    throw new Error(
      `Another Street Level process (pid ${other}) is using ${dataDir}. ` +
        'PGlite allows one process per data folder: stop it first, or set STREETLEVEL_DATA to another folder.',
    )
  }
  await writeFile(pidFile(dataDir), pidFileText())
  return async () => {
    await rm(pidFile(dataDir), { force: true })
  }
}

/** Deletes the database and the keys (the next start begins afresh). */
export async function removeDataFolder(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true })
}
