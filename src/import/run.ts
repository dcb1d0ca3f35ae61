/**
 * One import, start to finish: detect the file, read it into features, write them
 * and the import record in ONE transaction. Any error — a damaged or truncated file
 * (OSM files are read whole before the transaction opens; streamed boundary and
 * service files are read inside it), a constraint, a lost connection — rolls the
 * transaction back, so the database is exactly as it was.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { attributionFor } from '../data/attribution.ts'
import type { SqlClient } from '../db/migrations.ts'
import { readBoundaries, type BoundaryOptions } from './boundaries.ts'
import { checkType, detect, readHead } from './detect.ts'
import { inspectInput, newHash } from './input.ts'
import { loadMapping } from './mapping.ts'
import { ImportError, neighbourhoodKinds, type FileFormat, type ImportItem, type ImportKind, type ImportSummary } from './model.ts'
import { loadTaxonomy } from './oruk/categories.ts'
import { readOruk } from './oruk/read.ts'
import { readOsm } from './osm/index.ts'
import { silentProgress, type Progress } from './progress.ts'
import { assetsOutsideServedArea, FeatureWriter, linkWards, reassignStreets, regroupStreets } from './writer.ts'

export interface ImportOptions extends BoundaryOptions {
  /** osm | boundaries | oruk; detected from the file when absent. */
  type?: ImportKind
  /** The `source` written on every row; defaults to osm, ons (boundaries) or oruk. */
  source?: string
  /** ORUK: the category for services that match nothing in the taxonomy table. */
  defaultCategory?: string
  mappingFile?: string
  taxonomyFile?: string
  /** Writes every skipped item, with its reason, to this JSON file. */
  reportFile?: string
  progress?: Progress
  /** Reads and checks everything, then rolls back instead of committing. */
  dryRun?: boolean
}

const defaultSources: Record<ImportKind, string> = { osm: 'osm', boundaries: 'ons', oruk: 'oruk' }

function emptySummary(file: string, kind: ImportKind, format: FileFormat, source: string): ImportSummary {
  const counts = () => ({ inserted: 0, updated: 0, unchanged: 0 })
  return {
    file,
    kind,
    format,
    source,
    streets: counts(),
    assets: counts(),
    neighbourhoods: counts(),
    places: counts(),
    streetGroups: { streets: 0, unnamed: 0 },
    assetsOutsideServedArea: 0,
    skipped: { total: 0, reasons: {}, examples: {} },
    notes: {},
    reassigned: { streets: 0, needs: 0 },
    durationMs: 0,
  }
}

async function requireSchema(db: SqlClient): Promise<Set<string>> {
  const { rows } = await db.query<{ ok: boolean }>(`select to_regclass('public.import_runs') is not null as ok`)
  if (!rows[0]?.ok) {
    throw new ImportError(
      'The database has no public.import_runs table: apply the Street Level migrations first (supabase db push, or start the app once).',
    )
  }
  const categories = await db.query<{ slug: string }>('select slug from public.categories')
  return new Set(categories.rows.map((r) => r.slug))
}

export async function runImport(db: SqlClient, filePath: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = new Date()
  const progress = options.progress ?? silentProgress
  const file = await inspectInput(filePath)
  const hints = Boolean(options.nameProperty || options.codeProperty || options.kind || options.wards)
  const detected = checkType(detect(await readHead(file.path), hints), options.type)
  const source = options.source ?? defaultSources[detected.kind]
  if (!/^[a-z][a-z0-9_:-]{0,39}$/.test(source)) {
    throw new ImportError('--source must be 1–40 lower-case letters, digits, "-", "_" or ":", starting with a letter.')
  }
  if (options.kind && !neighbourhoodKinds.includes(options.kind)) {
    throw new ImportError('--kind must be one of lsoa, msoa, ward, local.')
  }
  const summary = emptySummary(path.basename(file.path), detected.kind, detected.format, source)
  const hash = newHash()
  const knownCategories = await requireSchema(db)

  let items: Iterable<ImportItem> | AsyncIterable<ImportItem>
  if (detected.kind === 'osm') {
    const mapping = loadMapping(options.mappingFile)
    const unknown = [...mapping.categories].filter((c) => !knownCategories.has(c))
    if (unknown.length) throw new ImportError(`The tag mapping uses categories this database does not have: ${unknown.join(', ')}.`)
    // Both passes complete here, before the transaction: a damaged file stops now.
    items = await readOsm(file, detected.format, mapping, progress, hash)
  } else if (detected.kind === 'boundaries') {
    items = readBoundaries(file, options, progress, hash)
  } else {
    const taxonomy = loadTaxonomy(options.taxonomyFile)
    if (options.defaultCategory && !knownCategories.has(options.defaultCategory)) {
      throw new ImportError(`--default-category ${options.defaultCategory} is not a category; use one of ${[...knownCategories].join(', ')}.`)
    }
    items = readOruk(file, { taxonomy, defaultCategory: options.defaultCategory, key: detected.orukKey }, progress, hash)
  }

  const writer = new FeatureWriter(db, source, summary, knownCategories, Boolean(options.reportFile))
  await db.exec('begin')
  try {
    // Streets are grouped once at the end, not after every batch (see the street_groups migration).
    await db.exec(`set local streetlevel.defer_street_groups = 'on'`)
    // The gap caches too: their triggers only note what changed, the notes are committed
    // with the data, and one set-based build right after the commit brings the caches up
    // to date. Until then the gap functions answer exactly, from the tables.
    await db.exec(`set local streetlevel.defer_gap_caches = 'after_commit'`)
    // OSM files are read by now, so writing is a phase of its own; boundaries and
    // services are written while they are read, and the reading bar shows both.
    const separateWrite = detected.kind === 'osm'
    if (separateWrite) progress.say('writing to the database…')
    let reported = 0
    for await (const item of items) {
      await writer.add(item)
      // A line every 10,000 rows, so a county-sized write visibly moves.
      if (separateWrite && writer.written - reported >= 10_000) {
        reported = writer.written
        progress.say(`  ${reported.toLocaleString('en-GB')} rows written…`)
      }
    }
    await writer.flush()
    if (detected.kind === 'boundaries') {
      progress.say('placing streets in the new neighbourhoods…')
      summary.reassigned = await reassignStreets(db, writer.neighbourhoodCodes)
      // Wards name the neighbourhoods in them, whichever of the two was imported last.
      const linked = await linkWards(db)
      if (options.wards || linked > 0) (summary.wards ??= { inserted: 0, updated: 0, unchanged: 0, linked: 0 }).linked = linked
    }
    // Streets as people know them depend only on the streets and places: an import that
    // changed none of them (a re-import of the same file) leaves them as they are.
    const touched = (c: { inserted: number; updated: number }) => c.inserted + c.updated > 0
    const regroup = touched(summary.streets) || touched(summary.places) || summary.reassigned.streets > 0
    if (regroup) progress.say('grouping streets as people know them…')
    summary.streetGroups = await regroupStreets(db, regroup)
    summary.assetsOutsideServedArea = await assetsOutsideServedArea(db, source)
    summary.durationMs = Date.now() - started.getTime()
    const recordOptions = Object.fromEntries(
      Object.entries({
        type: options.type,
        nameProperty: options.nameProperty,
        codeProperty: options.codeProperty,
        kind: options.kind,
        wards: options.wards,
        defaultCategory: options.defaultCategory,
      }).filter(([, v]) => v !== undefined),
    )
    await db.query(
      `insert into public.import_runs (kind, source, file_name, file_bytes, file_sha256, format, options, attribution, summary, started_at)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::jsonb, $10)`,
      [
        detected.kind,
        source,
        summary.file.slice(0, 300),
        file.bytes,
        hash.digest('hex'),
        detected.format,
        JSON.stringify(recordOptions),
        attributionFor(source)?.text ?? null,
        JSON.stringify(summary),
        started.toISOString(),
      ],
    )
    await db.exec(options.dryRun ? 'rollback' : 'commit')
  } catch (error) {
    await db.exec('rollback').catch(() => {})
    throw error
  }
  if (!options.dryRun) {
    progress.say('updating the gap caches…')
    const buildStarted = Date.now()
    try {
      await db.query('select private.flush_gap_caches()')
    } catch (error) {
      throw new ImportError(
        `The import is committed, but updating the gap caches failed (${(error as Error).message}). Gap figures stay exact, only slower, until the next import updates them.`,
        { cause: error },
      )
    }
    summary.gapCachesMs = Date.now() - buildStarted
  }
  if (options.reportFile) {
    await writeFile(options.reportFile, `${JSON.stringify({ summary, skipped: writer.skippedItems }, null, 1)}\n`)
  }
  return summary
}
