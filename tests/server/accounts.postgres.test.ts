/** Confirmed accounts, mail and invitations on the local Postgres + PostGIS server. */
import path from 'node:path'
import { describe, it } from 'vitest'
import { defineAccountsSuite } from './accounts.ts'
import { createPostgresDatabase, startTestServer } from '../helpers/server.ts'
import { engineAvailable, postgresWithPostgis } from '../helpers/engines.ts'

const available = engineAvailable('accounts on Postgres', await postgresWithPostgis(), 'no Postgres with PostGIS on 127.0.0.1:5432')

if (available) {
  defineAccountsSuite('Postgres', async () => {
    const database = await createPostgresDatabase()
    const server = await startTestServer({ databaseUrl: database.url })
    return {
      server,
      cliEnv: { STREETLEVEL_DATA: path.join(server.dataDir, 'data'), DATABASE_URL: database.url, PORT: String(server.port) },
      stop: async () => {
        await server.stop()
        await database.drop()
      },
    }
  })
} else {
  describe.skip('confirmed accounts (Postgres)', () => it('needs Postgres with PostGIS', () => {}))
}
