/**
 * `npm start`'s process on PGlite, killed and restarted for real: a write the server
 * acknowledged survives SIGKILL; a restart keeps the data and the keys and applies
 * only the migrations added since; SIGTERM shuts down cleanly. Two PGlite starts.
 */
import { randomUUID } from 'node:crypto'
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { supabaseFor, spawnServer, demoBbox, type ChildServer } from '../helpers/server.ts'
import { supabaseDir } from '../../src/db/migrations.ts'
import { readMailbox } from '../../src/server/mail/mailbox.ts'

describe('the server process on PGlite', () => {
  let root: string | undefined
  const children: ChildServer[] = []

  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL')
    if (root) await rm(root, { recursive: true, force: true })
  })

  it('loses no acknowledged write to kill -9, and a restart keeps data and applies only new migrations', { timeout: 900_000 }, async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-durability-'))
    const migrationsDir = path.join(root, 'migrations')
    await cp(path.join(supabaseDir, 'migrations'), migrationsDir, { recursive: true })
    const migrationCount = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).length
    const env = { STREETLEVEL_DATA: path.join(root, 'data'), STREETLEVEL_MIGRATIONS_DIR: migrationsDir }

    // First start: a new data folder, every migration, the demo town.
    const first = await spawnServer(env)
    children.push(first)
    expect(first.output()).toContain(`Applying the Supabase platform bootstrap and ${migrationCount} migrations`)
    expect(first.output()).toContain('Loading demo data')
    const base = first.url.replace('localhost', '127.0.0.1')
    const visitor = supabaseFor(base, first.anonKey)
    const { data: town } = await visitor.rpc('map_needs', demoBbox)
    const { data: streets } = await visitor.rpc('map_streets', demoBbox)
    const points: Array<[number, number]> = streets.features.slice(0, 40).map((f: { geometry: { coordinates: Array<[number, number]> } }) => f.geometry.coordinates[0])

    const email = `durable-${randomUUID()}@example.org`
    const member = supabaseFor(base, first.anonKey)
    expect((await member.auth.signUp({ email, password: 'durable password' })).error).toBeNull()
    // Confirmed by opening the mailed link, as its owner would.
    const [mail] = await readMailbox(env.STREETLEVEL_DATA, { to: email, limit: 1 })
    expect((await fetch(mail.link!.replace('localhost', '127.0.0.1'), { redirect: 'manual' })).status).toBe(303)
    const resident = supabaseFor(base, first.anonKey)
    const { data: signIn } = await resident.auth.signInAnonymously()
    // Five pins at once, then SIGKILL the moment the last one is acknowledged.
    const ids = Array.from({ length: 5 }, () => randomUUID())
    const pins = await Promise.all(
      ids.map((id, i) => resident.rpc('pin_need', { id, category: 'food', body: `Durable need ${i}`, lon: points[i * 7][0], lat: points[i * 7][1] })),
    )
    first.child.kill('SIGKILL')
    expect(pins.map((p) => p.error)).toEqual([null, null, null, null, null])
    expect(await first.exited).toBe('SIGKILL')

    // A migration added while the server was down.
    await writeFile(
      path.join(migrationsDir, '29991231000000_durability_probe.sql'),
      `create function public.durability_probe() returns text language sql stable as $$ select 'probe' $$;
       grant execute on function public.durability_probe() to anon;`,
    )

    const second = await spawnServer(env)
    children.push(second)
    expect(second.anonKey).toBe(first.anonKey) // the secret is kept, so sessions survive
    expect(second.output()).toContain('Applying 1 new migration')
    expect(second.output()).toContain('29991231000000_durability_probe')
    expect(second.output()).not.toContain('Loading demo data')
    expect(second.output()).not.toContain('bootstrap')
    const again = supabaseFor(second.url.replace('localhost', '127.0.0.1'), second.anonKey)

    for (const id of ids) {
      const { data } = await again.rpc('need_detail', { need_id: id })
      expect(data?.id).toBe(id)
    }
    const { data: after } = await again.rpc('map_needs', demoBbox)
    expect(after.features.length).toBe(town.features.length + ids.length)
    expect((await again.rpc('durability_probe')).data).toBe('probe')
    // Accounts and sessions survived too.
    expect((await supabaseFor(second.url.replace('localhost', '127.0.0.1'), second.anonKey).auth.signInWithPassword({ email, password: 'durable password' })).error).toBeNull()
    const refreshed = await supabaseFor(second.url.replace('localhost', '127.0.0.1'), second.anonKey).auth.refreshSession({ refresh_token: signIn.session!.refresh_token })
    expect(refreshed.error).toBeNull()
    // The bootstrap's blanket grants were not re-run: visitors still cannot pin.
    const pinAsVisitor = await supabaseFor(second.url.replace('localhost', '127.0.0.1'), second.anonKey).rpc('pin_need', { id: randomUUID(), category: 'food', body: 'Not signed in', lon: points[0][0], lat: points[0][1] })
    expect(pinAsVisitor.status).toBe(401)

    // One process per data folder: a second server on it refuses to start.
    await expect(spawnServer(env, 60_000)).rejects.toThrow(/Another Street Level process \(pid \d+\) is using/)

    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expect(second.output()).toContain('Stopped cleanly.')
  })
})
