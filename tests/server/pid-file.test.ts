/**
 * After kill -9 the pid file stays behind, and its pid may by then belong to an
 * unrelated process: that must not keep `npm start` (or the admin command) out.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimDataFolder, runningServerPid } from '../../src/db/data-folder.ts'
import { processStartTime } from '../../src/db/process-identity.ts'

describe('the pid file after kill -9', () => {
  let dir: string
  const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' })
  const pidFile = () => path.join(dir, 'server.pid')

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'streetlevel-pid-'))
  })
  afterAll(async () => {
    sleeper.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  it.runIf(processStartTime(process.pid) !== null)('ignores a live process that got the pid later, and honours the one that wrote it', async () => {
    const pid = sleeper.pid!
    // Written by a server that had this pid before (another start time).
    await writeFile(pidFile(), `${pid} 1\n`)
    expect(await runningServerPid(dir)).toBeNull()
    // An old-style pid file (no start time) naming a process that is not Node.
    await writeFile(pidFile(), `${pid}\n`)
    expect(await runningServerPid(dir)).toBeNull()
    // The process that really wrote it is still running: the folder is taken.
    await writeFile(pidFile(), `${pid} ${processStartTime(pid)}\n`)
    expect(await runningServerPid(dir)).toBe(pid)
    await expect(claimDataFolder(dir)).rejects.toThrow(/is using/)
  })

  it('claims a folder whose pid file names a process that is gone', async () => {
    await writeFile(pidFile(), '999999999 5\n')
    const release = await claimDataFolder(dir)
    expect(await runningServerPid(dir)).toBeNull() // it is this very process
    await release()
  })
})
