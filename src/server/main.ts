/**
 * `npm start`: the whole product on one machine. Builds the app when needed, starts
 * the embedded backend, prints where everything is (as `supabase start` does) and
 * shuts down cleanly on Ctrl+C / SIGTERM.
 */
import path from 'node:path'
import { startServer, type StreetLevelServer } from './app.ts'
import { ensureAppBuilt, type BuildOutcome } from './build.ts'
import { defaultConfig, loadConfig } from './config.ts'
import { repoRoot } from '../db/migrations.ts'
import { createLogger, seconds } from './log.ts'

const started = performance.now()
let config
try {
  config = loadConfig()
} catch (error) {
  console.error((error as Error).message)
  process.exit(2)
}
const log = createLogger({ quiet: config.quiet })
log.info('Starting Street Level…')

const usesDefaultDist = path.resolve(config.staticDir) === path.resolve(defaultConfig().staticDir)
const building: Promise<BuildOutcome | null> =
  config.build && usesDefaultDist
    ? ensureAppBuilt(repoRoot, config.staticDir, () => log.info('Building the app (vite build), alongside the database start…'))
    : Promise.resolve(null)

let server: StreetLevelServer
try {
  server = await startServer(config, log, (url) => log.info(`Listening on ${url} (a "starting" page until the database is ready).`))
} catch (error) {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    // Found before the database is even opened: the server listens first.
    log.error(`Port ${config.port} is already in use on ${config.host}: stop whatever uses it, or start with PORT=<another port>.`)
  } else {
    log.error('Street Level could not start', error)
  }
  process.exit(1)
}

const build = await building
if (build?.status === 'built') log.info('App built into dist/.')
if (build?.status === 'unavailable') {
  log.warn(`The app was not built: ${build.reason}`)
  log.warn('Serving the previous build if there is one, else a placeholder page; the API works either way.')
}

const line = (label: string, value: string) => `${label.padStart(18)}: ${value}`
console.log(
  [
    '',
    `Started Street Level in ${seconds(started)} (${server.engine === 'pglite' ? `PGlite + PostGIS, data in ${config.dataDir}` : 'Postgres from DATABASE_URL'}).`,
    '',
    line('App URL', server.url),
    line('API URL', server.url),
    line('Client config', `${server.url}/streetlevel-config.json`),
    line('anon key', server.keys.anonKey),
    line('service_role key', 'not printed; `npm run admin -- keys` shows it (keep it secret)'),
    line('Mail', server.mailer.destination),
    ...(config.smtpUrl ? [] : [line('Mailbox', `${server.url}/_mail (this machine only), or \`npm run admin -- mail\``)]),
    '',
    'Stop with Ctrl+C.',
    '',
  ].join('\n'),
)

let stoppingSince = 0
async function stop(signal: NodeJS.Signals) {
  // npm and the terminal may both pass on one Ctrl+C: only a later, deliberate second
  // signal forces the exit.
  if (stoppingSince) {
    if (performance.now() - stoppingSince > 3000) {
      log.warn(`${signal} again: exiting without waiting.`)
      process.exit(1)
    }
    return
  }
  stoppingSince = performance.now()
  log.info(`${signal}: finishing requests in flight and closing the database…`)
  const force = setTimeout(() => {
    log.error('Shutdown took longer than 20 s; exiting.')
    process.exit(1)
  }, 20_000)
  force.unref()
  try {
    await server.close()
    log.info('Stopped cleanly.')
    process.exit(0)
  } catch (error) {
    log.error('Shutdown failed', error)
    process.exit(1)
  }
}
process.on('SIGINT', (s) => void stop(s))
process.on('SIGTERM', (s) => void stop(s))
