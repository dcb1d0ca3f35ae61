/**
 * Elements of one JSON array, read one at a time with stream-json, so a 1 GB GeoJSON
 * or service feed never sits in memory whole. Syntax errors (including a file that
 * stops half-way) become ImportErrors naming the file's kind.
 */
import type { Readable } from 'node:stream'
import chain from 'stream-chain'
import { parser } from 'stream-json'
import { pick } from 'stream-json/filters/pick.js'
import { streamArray } from 'stream-json/streamers/stream-array.js'
import { ImportError } from './model.ts'

/**
 * Yields the elements of the array at `key` (a top-level property), or of the
 * top-level array when `key` is null. `what` names the file kind in error messages.
 */
export async function* jsonArrayElements(stream: Readable, key: string | null, what: string): AsyncGenerator<unknown> {
  const stages: unknown[] = [stream, parser()]
  if (key !== null) stages.push(pick({ filter: key }))
  stages.push(streamArray())
  const pipeline = chain(stages as Parameters<typeof chain>[0]) as unknown as AsyncIterable<{ value: unknown }>
  try {
    for await (const item of pipeline) yield item.value
  } catch (error) {
    if (error instanceof ImportError) throw error
    const message = (error as Error).message
    throw new ImportError(
      /expected|has expected|incomplete|unexpected end/i.test(message)
        ? `The ${what} is not valid JSON or stops part-way (${message}): the file is truncated or damaged.`
        : `The ${what} is not valid JSON: ${message}`,
      { cause: error },
    )
  } finally {
    // Also when the consumer stops early (an error while writing): close the file.
    stream.destroy()
  }
}
