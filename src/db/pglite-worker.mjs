// The engine's worker thread starts here: plain JavaScript, so it runs under any loader
// (node --import tsx, Vitest, a built bundle), then TypeScript through tsx.
import { tsImport } from 'tsx/esm/api'

await tsImport('./pglite-worker.ts', import.meta.url)
