/**
 * `npm run db:prepare`: makes a database ready for a real town, with no demo data —
 * the Supabase platform bootstrap where it is missing, then every migration — on the
 * embedded backend's data folder (STREETLEVEL_DATA) or on DATABASE_URL. Safe to run
 * again: it applies only migrations not yet applied and never touches data.
 */
import { openDatabase } from '../database.ts'

async function main(): Promise<number> {
  if (process.argv.slice(2).some((a) => a === '-h' || a === '--help')) {
    console.log('Usage: npm run db:prepare   (on DATABASE_URL when set, otherwise the data folder STREETLEVEL_DATA, default .streetlevel/)')
    return 0
  }
  try {
    const opened = await openDatabase('import')
    await opened.close()
    console.log(`Ready: ${opened.description} has the schema and no demo data. Import your area next (npm run import -- <file>).`)
    return 0
  } catch (error) {
    console.error(`Preparing the database failed: ${(error as Error).message}`)
    return 1
  }
}

process.exitCode = await main()
