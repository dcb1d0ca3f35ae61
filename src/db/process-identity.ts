/**
 * Tells a live process apart from an unrelated one that got the same pid after a crash
 * (kill -9 leaves the pid file behind; pids are reused). On Linux the kernel's start time
 * of a process (field 22 of /proc/<pid>/stat, in clock ticks since boot) is written
 * next to the pid; a different start time means a different process. Elsewhere there is
 * no such record and only "is a process with this pid alive" can be asked.
 */
import { readFileSync } from 'node:fs'

export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may contain spaces: count after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19] ?? null
  } catch {
    return null
  }
}

/** The pid file's text for this process: "<pid> <start time>" (or just the pid). */
export function pidFileText(pid = process.pid): string {
  const start = processStartTime(pid)
  return start ? `${pid} ${start}\n` : `${pid}\n`
}

/** Whether a pid file's text names a process that is still the one that wrote it. */
export function sameProcess(pid: number, recordedStart: string | undefined, alive: (pid: number) => boolean): boolean {
  if (!alive(pid)) return false
  if (!recordedStart) {
    // An older pid file without a start time: on Linux, at least it must be a Node process.
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node')
    } catch {
      return true
    }
  }
  const now = processStartTime(pid)
  return now === null ? true : now === recordedStart
}
