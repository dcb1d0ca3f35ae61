/**
 * Progress on stderr, so stdout stays clean for summaries and exports: a redrawn bar
 * when stderr is a terminal, plain lines at every tenth otherwise (CI logs, pipes).
 */

export interface Progress {
  /** Begins a phase measured in bytes of the input file. */
  start(label: string, totalBytes: number): void
  advance(bytes: number): void
  finish(): void
  /** A one-off line (a phase with no byte count, e.g. writing to the database). */
  say(text: string): void
}

export const silentProgress: Progress = { start() {}, advance() {}, finish() {}, say() {} }

const mb = (bytes: number) => (bytes / 1048576).toFixed(1)

interface Writable {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

export function createProgress(stream: Writable = process.stderr, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet) return silentProgress
  const tty = Boolean(stream.isTTY)
  let label = ''
  let total = 0
  let done = 0
  let lastDraw = 0
  let lastTenth = -1

  const draw = (force: boolean) => {
    const share = total > 0 ? Math.min(1, done / total) : 1
    if (tty) {
      const now = Date.now()
      if (!force && now - lastDraw < 100) return
      lastDraw = now
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30))
      const filled = Math.round(share * width)
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${mb(done)}/${mb(total)} MB`,
      )
    } else {
      const tenth = Math.floor(share * 10)
      if (tenth === lastTenth) return
      lastTenth = tenth
      stream.write(`import: ${label} ${tenth * 10}% (${mb(done)}/${mb(total)} MB)\n`)
    }
  }

  return {
    start(newLabel, totalBytes) {
      label = newLabel
      total = totalBytes
      done = 0
      lastTenth = -1
      lastDraw = 0
      draw(true)
    },
    advance(bytes) {
      done += bytes
      draw(false)
    },
    finish() {
      done = total
      draw(true)
      if (tty) stream.write('\n')
    },
    say(text) {
      stream.write(tty ? `${text}\n` : `import: ${text}\n`)
    },
  }
}
