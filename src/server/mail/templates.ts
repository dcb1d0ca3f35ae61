/**
 * The words of the auth mails (plain text: nothing from the user is ever HTML here).
 * Each carries one link to /auth/v1/verify, as GoTrue's {{ .ConfirmationURL }}.
 */
import type { Mail } from './mailbox.ts'

export type MailKind = 'signup' | 'invite' | 'email_change' | 'magiclink'

const SUBJECTS: Record<MailKind, string> = {
  signup: 'Confirm your e-mail address for Street Level',
  invite: 'You are invited to Street Level',
  email_change: 'Confirm your new e-mail address for Street Level',
  magiclink: 'Your Street Level sign-in link',
}

function body(kind: MailKind, link: string, hours: number, extra: { role?: string; newEmail?: string }): string {
  const expiry = `The link works once and for ${hours} hour${hours === 1 ? '' : 's'}.`
  switch (kind) {
    case 'signup':
      return `Open this link to confirm your e-mail address and finish making your Street Level account:\n\n${link}\n\n${expiry}\nIf you did not ask for an account, ignore this mail: nothing happens without the link.`
    case 'invite':
      return `You are invited to Street Level${extra.role ? ` as ${extra.role.replace('_', ' ')}` : ''}. Open this link to accept, then choose a password:\n\n${link}\n\n${expiry}\nIf you did not expect this, ignore this mail.`
    case 'email_change':
      return `Open this link to confirm ${extra.newEmail ?? 'your new address'} as the e-mail address of your Street Level account:\n\n${link}\n\n${expiry}\nIf you did not ask for this change, ignore this mail: your address stays as it is.`
    case 'magiclink':
      return `Open this link to sign in to Street Level:\n\n${link}\n\n${expiry}\nIf you did not ask to sign in, ignore this mail.`
  }
}

export function authMail(kind: MailKind, to: string, link: string, expirySeconds: number, extra: { role?: string; newEmail?: string } = {}): Mail {
  const hours = Math.max(1, Math.round(expirySeconds / 3600))
  return { to, subject: SUBJECTS[kind], text: body(kind, link, hours, extra), link }
}
