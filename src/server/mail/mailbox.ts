/**
 * The local mailbox: when no SMTP server is configured, mail goes into
 * `<data folder>/mail/mailbox.jsonl` (one JSON object a line, mode 0600), like
 * Supabase's local Inbucket/Mailpit. Whoever runs `npm start` reads it at /_mail
 * (loopback only) or with `npm run admin -- mail`.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'

export interface Mail {
  to: string
  subject: string
  text: string
  /** The one link the mail is about (confirm, accept the invitation, sign in). */
  link?: string
}

export interface StoredMail extends Mail {
  id: string
  sentAt: string
}

export const mailboxFile = (dataDir: string) => path.join(dataDir, 'mail', 'mailbox.jsonl')

export async function appendToMailbox(dataDir: string, mail: Mail): Promise<StoredMail> {
  const file = mailboxFile(dataDir)
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
  const stored: StoredMail = { id: randomUUID(), sentAt: new Date().toISOString(), ...mail }
  await appendFile(file, JSON.stringify(stored) + '\n', { mode: 0o600 })
  return stored
}

/** Newest first; `to` filters by recipient (case-insensitive). A damaged line is skipped. */
export async function readMailbox(dataDir: string, options: { to?: string; limit?: number } = {}): Promise<StoredMail[]> {
  const file = mailboxFile(dataDir)
  if (!existsSync(file)) return []
  const mails: StoredMail[] = []
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.trim()) continue
    try {
      mails.push(JSON.parse(line) as StoredMail)
    } catch {
      // a line cut short by a crash: the others are still good
    }
  }
  const to = options.to?.trim().toLowerCase()
  return mails
    .filter((m) => !to || m.to.toLowerCase() === to)
    .reverse()
    .slice(0, options.limit ?? 100)
}
