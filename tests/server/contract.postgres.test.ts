/** The contract on the local Postgres + PostGIS server, in a fresh database per run. */
import { describe, it } from 'vitest'
import { defineContractSuite } from './contract.ts'
import { createPostgresDatabase, startTestServer } from '../helpers/server.ts'
import { engineAvailable, postgresWithPostgis } from '../helpers/engines.ts'

const available = engineAvailable('server contract on Postgres', await postgresWithPostgis(), 'no Postgres with PostGIS on 127.0.0.1:5432')

if (available) {
  defineContractSuite('Postgres', async () => {
    const database = await createPostgresDatabase()
    const server = await startTestServer({ databaseUrl: database.url })
    return {
      ...server,
      stop: async () => {
        await server.stop()
        await database.drop()
      },
    }
  })
} else {
  describe.skip('embedded backend contract (Postgres)', () => it('needs Postgres with PostGIS', () => {}))
}
