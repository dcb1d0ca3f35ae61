/** The contract on PGlite + PostGIS in a temporary data folder, with the demo town. */
import { defineContractSuite } from './contract.ts'
import { startTestServer } from '../helpers/server.ts'

defineContractSuite('PGlite', () => startTestServer())
