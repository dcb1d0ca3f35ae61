/**
 * The server's voice: short progress lines while starting, one line per failed request.
 * Quiet (only warnings and errors) under STREETLEVEL_LOG=quiet, e.g. in tests.
 */
import { inspect } from 'node:util'

export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

export function createLogger(options: { quiet?: boolean; prefix?: string } = {}): Logger {
  const prefix = options.prefix ?? ''
  return {
    info(message) {
      if (!options.quiet) console.log(prefix + message)
    },
    warn(message) {
      console.warn(prefix + message)
    },
    error(message, error) {
      const detail = error instanceof Error ? `: ${error.stack ?? error.message}` : error ? `: ${typeof error === 'string' ? error : inspect(error)}` : ''
      console.error(prefix + message + detail)
    },
  }
}

/** Seconds with one decimal, for "done in 8.1 s". */
export function seconds(sinceMs: number): string {
  return `${((performance.now() - sinceMs) / 1000).toFixed(1)} s`
}
