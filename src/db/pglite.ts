/**
 * Opening PGlite + PostGIS, with the fix for the leak that wedged it after ~1,900 errors.
 *
 * Root cause (PGlite 0.5.8, the newest that pglite-postgis 0.2.8 accepts): when a
 * statement fails, Postgres's ereport() longjmps, which in PGlite's WebAssembly build is a
 * JavaScript exception thrown out of `_PostgresMainLoopOnce()`. PGlite catches it in
 * `execProtocolRawSync` and calls `_PostgresMainLongJmp()` to recover, but never restores
 * the WebAssembly C stack pointer (`__stack_pointer`), so every failed statement leaves
 * the frames between the main loop and the error on the stack (1,120 bytes for
 * `select 1/0`, more for PL/pgSQL and PostGIS). After ~1,900 of them the stack is past
 * max_stack_depth (2 MB): every statement then fails with 54001, the transaction state
 * is lost (25P02), and as the stack runs into the heap the engine dies with
 * "RuntimeError: null function or function signature mismatch".
 *
 * The fix does what Emscripten's own invoke_* wrappers do around a longjmp: note the
 * stack pointer on entry to the main loop and put it back when an exception leaves it.
 */
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'

interface StackModule {
  ___stack_pointer?: WebAssembly.Global
  _PostgresMainLoopOnce: () => unknown
}

/** Restores the WebAssembly stack pointer after each failed statement (see above). */
export function keepStackAfterErrors(db: PGlite): void {
  const mod = db.Module as unknown as StackModule
  const stackPointer = mod.___stack_pointer
  if (!(stackPointer instanceof WebAssembly.Global)) {
    throw new Error('This PGlite build does not export __stack_pointer; check src/db/pglite.ts against the new version.')
  }
  const loopOnce = mod._PostgresMainLoopOnce
  mod._PostgresMainLoopOnce = () => {
    const entry = stackPointer.value as number
    try {
      return loopOnce()
    } catch (error) {
      stackPointer.value = entry
      throw error
    }
  }
}

/** PGlite with PostGIS available, persisted in dataDir (in memory when undefined). */
export async function createPglite(dataDir?: string, options: Omit<PGliteOptions, 'dataDir' | 'extensions'> = {}): Promise<PGlite> {
  const db = await PGlite.create({ ...options, dataDir, extensions: { postgis } })
  keepStackAfterErrors(db)
  return db
}
