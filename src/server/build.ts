/**
 * Builds the app with `vite build` when dist/ is missing or older than its sources,
 * so `npm start` on a fresh clone serves the real map. When the app cannot be built
 * (no index.html yet, or the build fails), the server still starts and serves a
 * placeholder page; this says why.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

export type BuildOutcome =
  | { status: 'up-to-date' }
  | { status: 'built' }
  | { status: 'unavailable'; reason: string }

/** Newest modification time under the given paths (files or folders), skipping `skip`. */
async function newestMtime(paths: string[], skip: (p: string) => boolean): Promise<number> {
  let newest = 0
  for (const p of paths) {
    if (skip(p) || !existsSync(p)) continue
    const info = await stat(p)
    if (info.isDirectory()) {
      const entries = await readdir(p)
      newest = Math.max(newest, await newestMtime(entries.map((e) => path.join(p, e)), skip))
    } else {
      newest = Math.max(newest, info.mtimeMs)
    }
  }
  return newest
}

export async function buildNeeded(root: string, distDir: string): Promise<boolean> {
  const built = path.join(distDir, 'index.html')
  if (!existsSync(built)) return true
  const inputs = ['index.html', 'src', 'public', 'vite.config.ts', 'package.json'].map((p) => path.join(root, p))
  const serverDir = path.join(root, 'src', 'server')
  const newest = await newestMtime(inputs, (p) => p === serverDir)
  return newest > (await stat(built)).mtimeMs
}

export async function ensureAppBuilt(root: string, distDir: string, onStart: () => void): Promise<BuildOutcome> {
  if (!existsSync(path.join(root, 'index.html'))) {
    return { status: 'unavailable', reason: 'there is no index.html at the repository root yet, so there is no app to build' }
  }
  if (!(await buildNeeded(root, distDir))) return { status: 'up-to-date' }
  let viteBin: string
  try {
    viteBin = path.join(path.dirname(createRequire(path.join(root, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js')
  } catch {
    return { status: 'unavailable', reason: 'vite is not installed (run npm install)' }
  }
  onStart()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--outDir', distDir, '--emptyOutDir'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', (error) => resolve({ status: 'unavailable', reason: `vite could not start: ${error.message}` }))
    child.on('exit', (code) => {
      if (code === 0) resolve({ status: 'built' })
      else resolve({ status: 'unavailable', reason: `vite build failed (exit ${code}):\n${output.trim().split('\n').slice(-15).join('\n')}` })
    })
  })
}
