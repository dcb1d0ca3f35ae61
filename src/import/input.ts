/**
 * Reading an input file as a stream of chunks, reporting progress in bytes and
 * (on the first pass) hashing it for the import record, so that memory stays bounded
 * by the chunk size whatever the file's size.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Transform, type Readable } from 'node:stream'
import type { Progress } from './progress.ts'
import { ImportError } from './model.ts'

/** 1 MiB reads: large enough to keep syscalls cheap, small enough to bound memory. */
const chunkSize = 1 << 20

export interface InputFile {
  path: string
  bytes: number
}

export async function inspectInput(path: string): Promise<InputFile> {
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new ImportError(`${path} is not a file.`)
    return { path, bytes: info.size }
  } catch (error) {
    if (error instanceof ImportError) throw error
    throw new ImportError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
      cause: error,
    })
  }
}

/**
 * The file as a byte stream that advances `progress` and feeds `hash` as it is read.
 * `label` names the phase on the progress bar.
 */
export function openInput(file: InputFile, progress: Progress, label: string, hash?: Hash): Readable {
  progress.start(label, file.bytes)
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash?.update(chunk)
      progress.advance(chunk.length)
      done(null, chunk)
    },
    flush(done) {
      progress.finish()
      done()
    },
  })
  const source = createReadStream(file.path, { highWaterMark: chunkSize })
  source.on('error', (error) => tap.destroy(error))
  return source.pipe(tap)
}

export const newHash = (): Hash => createHash('sha256')
