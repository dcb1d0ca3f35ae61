/**
 * Sends the auth mails: through SMTP when SMTP_URL is set (nodemailer), otherwise into
 * the local mailbox in the data folder. Hosted Supabase sends its own (README).
 */
import nodemailer from 'nodemailer'
import { appendToMailbox, mailboxFile, type Mail } from './mailbox.ts'

export interface Mailer {
  send(mail: Mail): Promise<void>
  /** Where mail goes, for the start banner. */
  readonly destination: string
}

export interface MailerConfig {
  dataDir: string
  smtpUrl?: string
  mailFrom: string
}

export function createMailer(config: MailerConfig): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl)
    const host = (() => {
      try {
        return new URL(config.smtpUrl).host
      } catch {
        return 'the SMTP server'
      }
    })()
    return {
      destination: `SMTP via ${host}`,
      async send(mail) {
        await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text })
      },
    }
  }
  return {
    destination: `the local mailbox ${mailboxFile(config.dataDir)}`,
    async send(mail) {
      await appendToMailbox(config.dataDir, mail)
    },
  }
}
