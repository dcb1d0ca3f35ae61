/**
 * `npm run admin -- <command>`: the `streetlevel` admin command.
 *
 *   create-user --email E [--password P | --password-stdin] [--role planner|moderator|enterprise-owner]…
 *   grant-role  --email E --role R        revoke-role --email E --role R
 *   list-staff                            keys (the anon and service_role keys)
 *   reset [--yes]                         delete the data folder (database and keys)
 *   reseed [--yes]                        reset, then migrate and load the demo data again
 *
 * PGlite allows one process per data folder, so stop `npm start` first (with
 * DATABASE_URL set, the commands work on that Postgres while the server runs).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { loadConfig, type ServerConfig } from './config.ts'
import { claimDataFolder, ensureDataFolder, loadOrCreateSecrets, markInitialised, pgDataDir, removeDataFolder, runningServerPid } from '../db/data-folder.ts'
import { openPglite, openPostgres, type Database } from '../db/database.ts'
import { prepareDatabase } from '../db/setup.ts'
import { deriveApiKeys } from './keys.ts'
import { createLogger } from './log.ts'
import { checkAccountRequest, createAccount, grantRole, hashPassword, listStaff, parseStaffRole, revokeRole } from './gotrue/accounts.ts'
import { findUserByEmail } from './gotrue/users.ts'

const USAGE = `Usage: npm run admin -- <command> [options]

  create-user --email E [--password P | --password-stdin] [--role R]…
                         an e-mail account; R is planner, moderator or enterprise-owner
  grant-role --email E --role R      revoke-role --email E --role R
  list-staff             accounts holding a role
  keys                   print the anon and service_role keys
  reset [--yes]          delete the data folder (database and keys)
  reseed [--yes]         reset, then apply the migrations and load the demo data

The data folder is ${'`'}STREETLEVEL_DATA${'`'} (default .streetlevel/); with DATABASE_URL set,
commands act on that Postgres instead. Stop the server before using a PGlite folder.`

class UsageError extends Error {}

async function withDatabase<T>(config: ServerConfig, fn: (db: Database) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  if (config.databaseUrl) {
    const db = await openPostgres(config.databaseUrl, { max: 2 })
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  }
  if (!options.create && !existsSync(pgDataDir(config.dataDir))) {
    throw new UsageError(`There is no database in ${config.dataDir} yet: run \`npm start\` once (or \`npm run admin -- reseed\`).`)
  }
  await ensureDataFolder(config.dataDir)
  const release = await claimDataFolder(config.dataDir)
  console.log(`Opening the database in ${config.dataDir} (PGlite takes a few seconds)…`)
  const db = await openPglite(pgDataDir(config.dataDir))
  try {
    return await fn(db)
  } finally {
    await db.close()
    await release()
  }
}

/** Reads a line from a terminal without echoing it (Ctrl+C aborts). */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin
    let answer = ''
    process.stdout.write(question)
    stdin.setRawMode(true)
    stdin.resume()
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish()
          process.stdout.write('\n')
          resolve(answer)
          return
        }
        if (char === '\u0003') {
          finish()
          process.stdout.write('\n')
          reject(new UsageError('Cancelled.'))
          return
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1)
        else answer += char
      }
    }
    const finish = () => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
    }
    stdin.on('data', onData)
  })
}

async function readPassword(values: { password?: string; 'password-stdin'?: boolean }): Promise<string> {
  if (values.password) return values.password
  if (process.stdin.isTTY && !values['password-stdin']) return promptHidden('Password (not shown): ')
  const rl = createInterface({ input: process.stdin, terminal: false })
  try {
    for await (const line of rl) return line
    return ''
  } finally {
    rl.close()
  }
}

async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return
  if (!process.stdin.isTTY) throw new UsageError('Refusing without --yes (no terminal to ask).')
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  const answer = await rl.question(`${question} Type "yes" to go on: `)
  rl.close()
  if (answer.trim().toLowerCase() !== 'yes') throw new UsageError('Nothing was changed.')
}

async function stopIfServerRuns(config: ServerConfig) {
  const pid = await runningServerPid(config.dataDir)
  if (pid) throw new UsageError(`A Street Level server (pid ${pid}) is using ${config.dataDir}; stop it first.`)
}

export async function runAdmin(argv: string[], config: ServerConfig = loadConfig()): Promise<void> {
  const [command, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      role: { type: 'string', multiple: true },
      yes: { type: 'boolean', short: 'y' },
    },
    strict: true,
  })
  const roles = (values.role ?? []).map(parseStaffRole)
  const needEmail = () => {
    if (!values.email) throw new UsageError('--email is required.')
    return values.email
  }

  switch (command) {
    case 'create-user':
    case 'create-account': {
      const email = needEmail()
      const password = await readPassword(values)
      checkAccountRequest({ email, password, roles }, config.passwordMinLength)
      const hash = await hashPassword(password)
      const id = await withDatabase(config, (db) => db.transaction((tx) => createAccount(tx, email, hash, roles)))
      console.log(`Created ${email.trim().toLowerCase()} (${id})${roles.length ? ` with role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}` : ''}.`)
      return
    }
    case 'grant-role':
    case 'revoke-role': {
      const email = needEmail()
      if (roles.length === 0) throw new UsageError('--role is required.')
      await withDatabase(config, (db) =>
        db.transaction(async (tx) => {
          const user = await findUserByEmail(tx, email)
          if (!user) throw new UsageError(`There is no account for ${email}.`)
          for (const role of roles) await (command === 'grant-role' ? grantRole : revokeRole)(tx, user.id, role)
        }),
      )
      console.log(`${command === 'grant-role' ? 'Granted' : 'Revoked'} ${roles.join(', ')} ${command === 'grant-role' ? 'to' : 'from'} ${email}.`)
      return
    }
    case 'list-staff': {
      const staff = await withDatabase(config, (db) => db.transaction((tx) => listStaff(tx), { readOnly: true }))
      if (!staff.length) console.log('No account holds a role yet.')
      for (const s of staff) console.log(`${s.email}  ${s.roles.join(', ')}`)
      return
    }
    case 'keys': {
      const { secrets } = await loadOrCreateSecrets(config.dataDir)
      const keys = deriveApiKeys(secrets)
      console.log(`anon key:         ${keys.anonKey}\nservice_role key: ${keys.serviceRoleKey}\n(The service_role key bypasses row-level security: never put it in the app.)`)
      return
    }
    case 'reset':
    case 'reseed': {
      if (config.databaseUrl) throw new UsageError(`${command} works on the PGlite data folder only; unset DATABASE_URL (it will not drop a Postgres database).`)
      await stopIfServerRuns(config)
      await confirm(`This deletes ${config.dataDir}: every need, account and session in it.`, values.yes)
      await removeDataFolder(config.dataDir)
      console.log(`Deleted ${config.dataDir}.`)
      if (command === 'reseed') {
        await withDatabase(config, (db) => prepareDatabase(db, { migrationsDir: config.migrationsDir, seedFile: config.seedFile, log: createLogger() }), { create: true })
        await loadOrCreateSecrets(config.dataDir)
        // The server treats a folder without this marker as a first start that never finished.
        await markInitialised(config.dataDir)
        console.log('The data folder is fresh: migrations applied and demo data loaded.')
      }
      return
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE)
      return
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  runAdmin(process.argv.slice(2)).then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
