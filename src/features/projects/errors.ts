/** An error as a sentence for the screen: the server's own sentence, or a plain fallback. */
import { ApiError } from '../../data/rpc.ts'
import { projectsText as t } from '../../i18n/projects.ts'

export function errorText(error: unknown): string {
  if (error instanceof ApiError && error.unreachable) return t.errors.unreachable
  if (error instanceof Error && error.message) return error.message
  return t.errors.generic
}
