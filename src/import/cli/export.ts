/**
 * `npm run export -- <what> [--format geojson|csv|oruk] [--out file]`: public layers
 * and gap tables for re-use, from the embedded backend's folder or DATABASE_URL.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { Writable } from 'node:stream'
import { openDatabase } from '../database.ts'
import { attributionNotices, type Sink } from '../export/formats.ts'
import { layerNames } from '../export/layers.ts'
import { runExport, type ExportFormat } from '../export/run.ts'
import { ImportError } from '../model.ts'

const usage = `Usage: npm run export -- <what> [options]

<what>: ${layerNames.join(', ')}
Exports only what the public map shows (it runs as the anon role): needs at their
public street-level point, never their exact one.

Options:
  --format geojson|csv|oruk   default geojson; oruk (Open Referral UK) for assets only
  --out FILE                  write here instead of standard output
  --radius METRES             gap tables: catchment distance (default 400)
  --categories a,b            gap tables: only these categories
  --neighbourhood CODE        street-gaps: only streets in this neighbourhood
  --max N                     street-gaps: at most N streets (default 5000)
  -h, --help                  this text`

function sinkFor(stream: Writable): Sink {
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain')
    },
  }
}

async function main(): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        radius: { type: 'string' },
        categories: { type: 'string' },
        neighbourhood: { type: 'string' },
        max: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`)
    return 2
  }
  const { values: v, positionals } = parsed
  if (v.help) {
    console.log(usage)
    return 0
  }
  if (positionals.length !== 1) {
    console.error(`Say what to export.\n\n${usage}`)
    return 2
  }
  const number = (text: string | undefined, option: string) => {
    if (text === undefined) return undefined
    const n = Number(text)
    if (!Number.isFinite(n)) throw new ImportError(`${option} must be a number.`)
    return n
  }

  let opened
  try {
    opened = await openDatabase('export')
  } catch (error) {
    console.error(`Export failed: ${(error as Error).message}`)
    return 1
  }
  const stream: Writable = v.out ? createWriteStream(v.out) : process.stdout
  try {
    const options = {
      format: v.format as ExportFormat | undefined,
      radius: number(v.radius, '--radius'),
      max: number(v.max, '--max'),
      categories: v.categories?.split(',').map((c) => c.trim()).filter(Boolean),
      neighbourhoodCode: v.neighbourhood,
    }
    const result = await opened.session((conn) => runExport(conn, positionals[0], sinkFor(stream), options))
    if (v.out) {
      stream.end()
      await once(stream, 'finish')
    }
    const notices = attributionNotices(result.sources)
    // CSV has nowhere to carry the licence notice, so it travels beside the file.
    if (result.format === 'csv' && v.out && notices.length) await writeFile(`${v.out}.attribution.txt`, `${notices.join('\n')}\n`)
    console.error(`Exported ${result.count} ${result.layer} as ${result.format}${v.out ? ` to ${v.out}` : ''} from ${opened.description}.`)
    for (const notice of notices) console.error(`Attribution: ${notice}`)
    return 0
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(`Export failed: ${error.message}`)
      return 1
    }
    throw error
  } finally {
    await opened.close()
  }
}

process.exitCode = await main()
