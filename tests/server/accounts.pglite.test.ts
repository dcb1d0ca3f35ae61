/** Confirmed accounts, mail and invitations on PGlite (the admin command reaches the running server). */
import path from 'node:path'
import { defineAccountsSuite } from './accounts.ts'
import { startTestServer } from '../helpers/server.ts'

defineAccountsSuite('PGlite', async () => {
  const server = await startTestServer()
  return { server, cliEnv: { STREETLEVEL_DATA: path.join(server.dataDir, 'data'), DATABASE_URL: '' }, stop: () => server.stop() }
})
