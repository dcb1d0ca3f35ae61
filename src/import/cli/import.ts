/**
 * `npm run import -- <file> [options]`: loads OpenStreetMap, boundary or Open Referral
 * UK files into the embedded backend's data folder, or into DATABASE_URL.
 */
import { parseArgs } from 'node:util'
import { openDatabase } from '../database.ts'
import { ImportError, type ImportKind, type ImportSummary, type NeighbourhoodKind } from '../model.ts'
import { createProgress } from '../progress.ts'
import { runImport } from '../run.ts'

const usage = `Usage: npm run import -- <file> [options]

Reads OpenStreetMap (.osm.pbf, .osm XML, Overpass JSON, GeoJSON), neighbourhood
boundaries (GeoJSON) or Open Referral UK services (JSON) and upserts them by source id
in one transaction. Writes to DATABASE_URL when set, otherwise to the embedded
backend's folder (STREETLEVEL_DATA, default .streetlevel/; stop the server first).

Options:
  --type osm|boundaries|oruk   what the file holds (detected when omitted)
  --source NAME                source written on each row (default osm, ons or oruk)
  --name-property KEY          boundaries: property holding the area's name
  --code-property KEY          boundaries: property holding the area's code
  --kind lsoa|msoa|ward|local  boundaries: what kind of area (ONS files: detected)
  --wards                      boundaries: the file holds wards (e.g. ONS WD13CD/WD13NM): stored as
                               a level of their own; each neighbourhood (LSOA) is linked to the ward
                               it overlaps most and shown as "Ward name (LSOA name)"
  --default-category SLUG      oruk: category for services the taxonomy table cannot place
  --mapping FILE               OSM tag mapping (default data/mappings/osm-tags.json)
  --report FILE                write every skipped item and its reason as JSON
  --dry-run                    read and write everything, then roll back
  --json                       print the summary as JSON
  --quiet                      no progress output
  -h, --help                   this text`

function printSummary(s: ImportSummary, target: string, dryRun: boolean): void {
  const lines = [`${dryRun ? 'Dry run (rolled back): ' : ''}Imported ${s.file} (${s.format}, source "${s.source}") into ${target} in ${(s.durationMs / 1000).toFixed(1)} s${s.gapCachesMs === undefined ? '' : `, gap caches updated in ${(s.gapCachesMs / 1000).toFixed(1)} s after`}`]
  for (const table of ['streets', 'assets', 'neighbourhoods', 'places'] as const) {
    const c = s[table]
    if (c.inserted + c.updated + c.unchanged === 0) continue
    lines.push(`  ${table.padEnd(15)} ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged`)
  }
  for (const table of ['context', 'wards'] as const) {
    const c = s[table]
    if (!c || c.inserted + c.updated + c.unchanged === 0) continue
    lines.push(`  ${table.padEnd(15)} ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged`)
  }
  if (s.wards) lines.push(`  named by ward   ${s.wards.linked} neighbourhoods`)
  if (s.kind === 'boundaries') {
    lines.push(`  re-placed       ${s.reassigned.streets} streets and ${s.reassigned.needs} needs in their neighbourhood`)
  }
  lines.push(`  streets as known ${s.streetGroups.streets} (${s.streetGroups.unnamed} of them unnamed, labelled from the street they are off)`)
  if (s.assetsOutsideServedArea > 0) {
    lines.push(`  WARNING         ${s.assetsOutsideServedArea} assets lie outside the served area (more than 200 m from every neighbourhood): import their boundaries, or they will not count in any neighbourhood`)
  }
  lines.push(`  skipped         ${s.skipped.total}`)
  for (const [reason, count] of Object.entries(s.skipped.reasons).sort((a, b) => b[1] - a[1])) {
    const examples = s.skipped.examples[reason]
    lines.push(`    ${String(count).padStart(6)}  ${reason}${examples?.length ? ` (e.g. ${examples.slice(0, 3).join('; ')})` : ''}`)
  }
  for (const [note, count] of Object.entries(s.notes)) lines.push(`  note            ${count} ${note}`)
  console.log(lines.join('\n'))
}

async function main(): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        type: { type: 'string' },
        source: { type: 'string' },
        'name-property': { type: 'string' },
        'code-property': { type: 'string' },
        kind: { type: 'string' },
        wards: { type: 'boolean' },
        'default-category': { type: 'string' },
        mapping: { type: 'string' },
        report: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
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
    console.error(`Give exactly one file to import.\n\n${usage}`)
    return 2
  }
  if (v.type && !['osm', 'boundaries', 'oruk'].includes(v.type)) {
    console.error('--type must be osm, boundaries or oruk.')
    return 2
  }

  let opened
  try {
    opened = await openDatabase('import')
  } catch (error) {
    console.error(`Import failed: ${(error as Error).message}`)
    return 1
  }
  try {
    const summary = await opened.session((conn) => runImport(conn, positionals[0], {
      type: v.type as ImportKind | undefined,
      source: v.source,
      nameProperty: v['name-property'],
      codeProperty: v['code-property'],
      kind: v.kind as NeighbourhoodKind | undefined,
      wards: v.wards,
      defaultCategory: v['default-category'],
      mappingFile: v.mapping,
      reportFile: v.report,
      dryRun: v['dry-run'],
      progress: createProgress(process.stderr, { quiet: v.quiet }),
    }))
    if (v.json) console.log(JSON.stringify(summary, null, 1))
    else printSummary(summary, opened.description, Boolean(v['dry-run']))
    return 0
  } catch (error) {
    // Every failure rolled the transaction back (run.ts); say so, whatever failed.
    const detail = error instanceof ImportError ? error.message : `the database refused it: ${(error as Error).message}`
    console.error(`\nImport failed: ${detail}\nNothing was written: the database is unchanged.`)
    if (!(error instanceof ImportError) && process.env.STREETLEVEL_DEBUG) console.error(error)
    return 1
  } finally {
    await opened.close()
  }
}

process.exitCode = await main()
