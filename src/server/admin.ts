/**
 * `npm run admin -- <command>`: the `streetlevel` admin command.
 *
 *   invite --email E --role planner|moderator|enterprise-owner…   a one-time link; the role comes with it
 *   create-user --email E [--password P | --password-stdin]       an account; its address confirms by a mailed link
 *   grant-role  --email E --role R   (a confirmed account only)   revoke-role --email E --role R
 *   list-staff                       mail [--to E]               keys (the anon and service_role keys)
 *   reset [--yes]                    delete the data folder (database and keys)
 *   reseed [--yes]                   reset, then migrate and load the demo data again
 *
 * While `npm start` runs on a PGlite folder (one process per folder), the account
 * commands are sent to the server's loopback-only admin endpoint (admin-endpoint.ts)
 * with the service_role key; otherwise they open the database themselves.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { readServerInfo } from './admin-endpoint.ts'
import { loadConfig, type ServerConfig } from './config.ts'
import { claimDataFolder, ensureDataFolder, loadOrCreateSecrets, markInitialised, pgDataDir, removeDataFolder, runningServerPid } from '../db/data-folder.ts'
import { openPglite, openPostgres, type Database } from '../db/database.ts'
import { prepareDatabase } from '../db/setup.ts'
import { deriveApiKeys } from './keys.ts'
import { createLogger } from './log.ts'
import { checkAccountRequest, createAccount, grantRole, hashPassword, listStaff, parseStaffRole, revokeRole } from './gotrue/accounts.ts'
import { inviteByEmail } from './gotrue/invitations.ts'
import { issueConfirmation, verifyLink } from './gotrue/links.ts'
import { findUserByEmail, isValidEmail, normaliseEmail } from './gotrue/users.ts'
import { readMailbox } from './mail/mailbox.ts'
import { createMailer, type Mailer } from './mail/mailer.ts'
import { authMail } from './mail/templates.ts'

const USAGE = `Usage: npm run admin -- <command> [options]

  invite --email E --role R…  mail a one-time invitation; R (planner, moderator or
                         enterprise-owner) is granted when the person opens the link
  create-user --email E [--password P | --password-stdin]
                         an e-mail account (no role); a link confirms the address
  grant-role --email E --role R      a confirmed account only
  revoke-role --email E --role R
  list-staff             accounts holding a role
  mail [--to E]          the local mailbox (mail sent while no SMTP_URL is set)
  keys                   print the anon and service_role keys
  reset [--yes]          delete the data folder (database and keys)
  reseed [--yes]         reset, then apply the migrations and load the demo data

The data folder is ${'`'}STREETLEVEL_DATA${'`'} (default .streetlevel/); with DATABASE_URL set,
commands act on that Postgres instead. While the server runs, account commands go to it.`

class UsageError extends Error {}

/** The commands that work on accounts, the same whether run here or by the server. */
export const ACCOUNT_COMMANDS = ['create-user', 'create-account', 'invite', 'grant-role', 'revoke-role', 'list-staff'] as const

export interface AdminContext {
  db: Database
  mailer: Mailer
  /** Where mailed links point: the server as browsers reach it. */
  origin: string
  config: ServerConfig
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [])

/** Runs one account command; returns what to print. Used by the CLI and by the admin endpoint. */
export async function executeAccountCommand(command: string, values: Record<string, unknown>, ctx: AdminContext): Promise<string> {
  const roles = strings(values.role).map(parseStaffRole)
  const email = str(values.email)
  const needEmail = () => {
    if (!email) throw new UsageError('--email is required.')
    if (!isValidEmail(normaliseEmail(email))) throw new UsageError(`"${email}" is not a valid e-mail address.`)
    return normaliseEmail(email)
  }
  const links = { expirySeconds: ctx.config.mailLinkExpirySeconds, minIntervalSeconds: 0 }
  const home = `${ctx.origin}/`
  switch (command) {
    case 'create-user':
    case 'create-account': {
      const address = needEmail()
      if (roles.length) throw new UsageError(`Staff come by invitation: npm run admin -- invite --email ${address} --role ${roles[0].replace('_', '-')}`)
      const password = str(values.password) ?? ''
      checkAccountRequest({ email: address, password }, ctx.config.passwordMinLength)
      const hash = await hashPassword(password)
      const { id, mail } = await ctx.db.transaction(async (tx) => {
        const user = await createAccount(tx, address, hash)
        const token = await issueConfirmation(tx, user, 'signup', links)
        return { id: user.id, mail: authMail('signup', address, verifyLink(ctx.origin, token, 'signup', home), links.expirySeconds) }
      })
      await ctx.mailer.send(mail)
      return `Created ${address} (${id}); a confirmation link went to ${ctx.mailer.destination}.`
    }
    case 'invite': {
      const address = needEmail()
      if (roles.length === 0) throw new UsageError('--role is required (planner, moderator or enterprise-owner).')
      const { mail, link } = await ctx.db.transaction((tx) => inviteByEmail(tx, { email: address, roles, origin: ctx.origin, redirectTo: home, links }))
      await ctx.mailer.send(mail)
      return `Invited ${address} as ${roles.join(', ')}; the one-time link went to ${ctx.mailer.destination}:\n  ${link}\nThe role is granted when the link is opened (it works for ${Math.round(links.expirySeconds / 3600)} h).`
    }
    case 'grant-role':
    case 'revoke-role': {
      const address = needEmail()
      if (roles.length === 0) throw new UsageError('--role is required.')
      await ctx.db.transaction(async (tx) => {
        const user = await findUserByEmail(tx, address)
        if (!user) throw new UsageError(`There is no account for ${address}.`)
        for (const role of roles) {
          if (command === 'grant-role') await grantRole(tx, user, role)
          else await revokeRole(tx, user.id, role)
        }
      })
      return `${command === 'grant-role' ? 'Granted' : 'Revoked'} ${roles.join(', ')} ${command === 'grant-role' ? 'to' : 'from'} ${address}.`
    }
    case 'list-staff': {
      const staff = await ctx.db.transaction((tx) => listStaff(tx), { readOnly: true })
      return staff.length ? staff.map((s) => `${s.email}  ${s.roles.join(', ')}`).join('\n') : 'No account holds a role yet.'
    }
    default:
      throw new UsageError(`Unknown command "${command}".`)
  }
}

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

/** Sends an account command to the running server (loopback, service_role key). */
async function sendToServer(config: ServerConfig, pid: number, command: string, values: Record<string, unknown>): Promise<string> {
  const info = await readServerInfo(config.dataDir)
  if (!info || info.pid !== pid) {
    throw new UsageError(`A Street Level server (pid ${pid}) is using ${config.dataDir} but has not said where it listens yet; try again in a moment.`)
  }
  const { secrets } = await loadOrCreateSecrets(config.dataDir)
  const { serviceRoleKey } = deriveApiKeys(secrets)
  let response: Response
  try {
    response = await fetch(`http://127.0.0.1:${info.port}/_admin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${serviceRoleKey}` },
      body: JSON.stringify({ command, values }),
    })
  } catch (cause) {
    throw new UsageError(`The server (pid ${pid}) did not answer on port ${info.port}: ${(cause as Error).message}`)
  }
  const answer = (await response.json().catch(() => ({}))) as { output?: string; message?: string }
  if (!response.ok) throw new UsageError(answer.message ?? `The server answered ${response.status}.`)
  return answer.output ?? ''
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
      to: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
    },
    strict: true,
  })
  ;(values.role ?? []).forEach(parseStaffRole) // an unknown role fails before anything else

  if ((ACCOUNT_COMMANDS as readonly string[]).includes(command ?? '')) {
    const args: Record<string, unknown> = { email: values.email, role: values.role ?? [] }
    if (command === 'create-user' || command === 'create-account') {
      if (values.role?.length) throw new UsageError(`Staff come by invitation: npm run admin -- invite --email ${values.email ?? 'E'} --role ${values.role[0]}`)
      args.password = await readPassword(values)
    }
    const pid = config.databaseUrl ? null : await runningServerPid(config.dataDir)
    if (pid) {
      console.log(await sendToServer(config, pid, command, args))
      return
    }
    const mailer = createMailer(config)
    const origin = config.publicUrl ?? `http://localhost:${config.port}`
    console.log(await withDatabase(config, (db) => executeAccountCommand(command, args, { db, mailer, origin, config })))
    return
  }

  switch (command) {
    case 'mail': {
      const mails = await readMailbox(config.dataDir, { to: values.to, limit: 20 })
      if (config.smtpUrl) console.log('SMTP_URL is set: mail goes to the SMTP server; below is only what went to the local mailbox before.')
      if (!mails.length) console.log(`No mail in ${config.dataDir}${values.to ? ` for ${values.to}` : ''}.`)
      for (const m of mails) console.log(`${m.sentAt}  to ${m.to}\n  ${m.subject}\n  ${m.link ?? ''}\n`)
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
