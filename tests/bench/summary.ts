/** Last step of `npm run bench`: one table of every benchmark's figures and ratios. */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../../src/db/migrations.ts'
import { summaryTable } from './report.ts'

const table = summaryTable()
const file = path.join(repoRoot, 'test-artifacts', 'bench-summary.md')
writeFileSync(file, `# npm run bench, ${new Date().toISOString()}\n\n${table}`)
console.log(`\n${table}\nWritten to ${path.relative(process.cwd(), file)}`)
