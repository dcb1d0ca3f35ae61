/**
 * The admin command (`npm run admin -- …`), on a fresh database on the local Postgres
 * server (DATABASE_URL), and on a PGlite data folder for reset.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runAdmin } from '../../src/server/admin.ts'
import { defaultConfig, type ServerConfig } from '../../src/server/config.ts'
import { migrate } from '../../src/db/migrations.ts'
import { verifyJwt } from '../../src/server/jwt.ts'
import { processStartTime } from '../../src/db/process-identity.ts'
import { createPostgresDatabase } from '../helpers/server.ts'
import { engineAvailable, postgresWithPostgis } from '../helpers/engines.ts'

async function captured(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...args) => void lines.push(args.join(' ')))
  try {
    await fn()
  } finally {
    spy.mockRestore()
  }
  return lines.join('\n')
}

const available = engineAvailable('admin command on Postgres', await postgresWithPostgis(), 'no Postgres with PostGIS on 127.0.0.1:5432')

describe.runIf(available)('npm run admin (Postgres via DATABASE_URL)', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>
  let config: ServerConfig
  let dir: string

  beforeAll(async () => {
    database = await createPostgresDatabase()
    const client = new pg.Client(database.url)
    await client.connect()
    await migrate({ exec: (sql) => client.query(sql), query: (sql, params) => client.query(sql, params) as never })
    await client.end()
    dir = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-admin-'))
    config = defaultConfig({ databaseUrl: database.url, dataDir: dir, quiet: true })
  })

  afterAll(async () => {
    await database?.drop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const roles = async (email: string) => {
    const client = new pg.Client(database.url)
    await client.connect()
    const { rows } = await client.query(
      'select r.role from public.user_roles r join auth.users u on u.id = r.user_id where u.email = $1 order by r.role',
      [email],
    )
    await client.end()
    return rows.map((r) => r.role)
  }

  it('makes an account whose address a mailed link confirms; roles only once it is confirmed', async () => {
    const email = 'planner@example.org'
    const out = await captured(() => runAdmin(['create-user', '--email', email, '--password', 'planner password'], config))
    expect(out).toContain('Created planner@example.org')
    expect(out).toContain('a confirmation link went to the local mailbox')
    await expect(runAdmin(['create-user', '--email', 'x@example.org', '--password', 'long password', '--role', 'planner'], config)).rejects.toThrow(/Staff come by invitation/)
    await expect(runAdmin(['grant-role', '--email', email, '--role', 'planner'], config)).rejects.toThrow(/has not confirmed the address/)
    expect(await roles(email)).toEqual([])

    const client = new pg.Client(database.url)
    await client.connect()
    await client.query('update auth.users set email_confirmed_at = now() where email = $1', [email])
    await client.end()
    await captured(() => runAdmin(['grant-role', '--email', email, '--role', 'planner', '--role', 'enterprise-owner'], config))
    await captured(() => runAdmin(['grant-role', '--email', email, '--role', 'moderator'], config))
    await captured(() => runAdmin(['revoke-role', '--email', email, '--role', 'planner'], config))
    expect(await roles(email)).toEqual(['enterprise_owner', 'moderator'])
    expect(await captured(() => runAdmin(['list-staff'], config))).toContain('planner@example.org  enterprise_owner, moderator')
  })

  it('invites staff: the role waits until the invited address is confirmed', async () => {
    const email = 'moderator@example.org'
    const out = await captured(() => runAdmin(['invite', '--email', email, '--role', 'moderator'], config))
    expect(out).toContain('Invited moderator@example.org as moderator')
    expect(out).toMatch(/\/auth\/v1\/verify\?token=[0-9a-f]{56}&type=invite/)
    expect(await roles(email)).toEqual([])
    const mail = await captured(() => runAdmin(['mail', '--to', email], config))
    expect(mail).toContain('You are invited to Street Level')
  })

  it('refuses a second account for the same e-mail, an unknown role and a short password', async () => {
    await captured(() => runAdmin(['create-user', '--email', 'twice@example.org', '--password', 'long password'], config))
    await expect(runAdmin(['create-user', '--email', 'TWICE@example.org', '--password', 'long password'], config)).rejects.toThrow(/already an account/)
    await expect(runAdmin(['create-user', '--email', 'x@example.org', '--password', 'long password', '--role', 'mayor'], config)).rejects.toThrow(/Unknown role/)
    await expect(runAdmin(['create-user', '--email', 'y@example.org', '--password', 'short'], config)).rejects.toThrow(/at least 8/)
  })

  it('prints the anon and service_role keys, signed with the folder’s secret', async () => {
    const out = await captured(() => runAdmin(['keys'], config))
    const anon = /anon key:\s+(\S+)/.exec(out)![1]
    const service = /service_role key:\s+(\S+)/.exec(out)![1]
    const { jwtSecret } = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(path.join(dir, 'secrets.json'), 'utf8')))
    expect(verifyJwt(anon, jwtSecret).role).toBe('anon')
    expect(verifyJwt(service, jwtSecret).role).toBe('service_role')
  })

  it('will not reset a Postgres database', async () => {
    await expect(runAdmin(['reset', '--yes'], config)).rejects.toThrow(/PGlite data folder only/)
  })
})

describe('npm run admin -- reset (PGlite data folder)', () => {
  it('deletes the data folder, but not while a server uses it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-reset-'))
    const config = defaultConfig({ dataDir: dir, quiet: true })
    await mkdir(path.join(dir, 'pgdata'))
    const sleeper = spawn('sleep', ['30'])
    try {
      // As a running server writes it: its pid and its start time (process-identity.ts).
      await writeFile(path.join(dir, 'server.pid'), `${sleeper.pid} ${processStartTime(sleeper.pid!) ?? ''}\n`)
      await expect(runAdmin(['reset', '--yes'], config)).rejects.toThrow(new RegExp(`pid ${sleeper.pid}`))
      expect(existsSync(path.join(dir, 'pgdata'))).toBe(true)
    } finally {
      sleeper.kill()
    }
    await new Promise((r) => sleeper.on('exit', r))
    await captured(() => runAdmin(['reset', '--yes'], config))
    expect(existsSync(dir)).toBe(false)
  })

  it('asks before deleting when not told --yes, and refuses without a terminal', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-reset-'))
    await expect(runAdmin(['reset'], defaultConfig({ dataDir: dir }))).rejects.toThrow(/--yes/)
    expect(existsSync(dir)).toBe(true)
    await rm(dir, { recursive: true, force: true })
  })
})
