/**
 * The pgTAP suite (supabase/tests/database/*.test.sql) under vitest: pg_prove against
 * the local Postgres + PostGIS server, on a fresh database built from the bootstrap and
 * the migrations. The same runner backs `npm run test:db`. Without a Postgres server,
 * pg_prove or the pgtap/postgis extensions this file skips loudly (or fails under
 * STREETLEVEL_REQUIRE_ALL=1).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { engineAvailable } from '../helpers/engines.ts'

interface PgTapResult {
  status: number
  output: string
  command: string
}
interface PgTapRunner {
  missingEngines(): Promise<string[]>
  listTestFiles(): Promise<string[]>
  runPgTap(options?: { database?: string; files?: string[]; verbose?: boolean }): Promise<PgTapResult>
}

// run-pgtap.mjs is plain JavaScript (npm run test:db runs it with node), so it is typed here.
const runnerPath: string = '../helpers/run-pgtap.mjs'
const runner = (await import(runnerPath)) as PgTapRunner

const missing = await runner.missingEngines()
const available = engineAvailable('the pgTAP database suite (tests/db/pgtap.test.ts)', missing.length === 0, missing.join('; '))

// Its own database, so `npm run test:db` can run at the same time.
const database = 'streetlevel_pgtap_vitest'

describe.skipIf(!available)('pgTAP suite (supabase/tests/database)', () => {
  it('passes every test file under pg_prove on a freshly migrated database', async () => {
    const files = await runner.listTestFiles()
    const { status, output, command } = await runner.runPgTap({ database })
    if (status !== 0) console.error(`$ ${command}\n${output}`)
    expect(status, `pg_prove failed:\n${output}`).toBe(0)
    expect(output).toContain('All tests successful.')
    // Every *.test.sql file ran (a file that stops early fails its plan anyway).
    expect(output).toMatch(new RegExp(`Files=${files.length},`))
    for (const file of files) expect(output).toContain(path.basename(file))
  }, 300_000)

  it('reports a failing pgTAP assertion as a failure', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'streetlevel-pgtap-'))
    try {
      const file = path.join(dir, 'must_fail.test.sql')
      await writeFile(file, "begin;\nselect plan(1);\nselect is(1, 2, 'one is not two');\nselect * from finish();\nrollback;\n")
      const { status, output } = await runner.runPgTap({ database, files: [file] })
      expect(status).not.toBe(0)
      expect(output).toContain('not ok 1 - one is not two')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
