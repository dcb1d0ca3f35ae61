/**
 * PostgREST's error shape ({code, message, details, hint}) and its table from SQLSTATE
 * to HTTP status (docs.postgrest.org, references/errors), including the `PTxyz` codes
 * that let a function choose its own status (the schema raises PT404 and PT429).
 */

export interface PostgrestErrorBody {
  code: string
  message: string
  details: string | null
  hint: string | null
}

/** An error to answer with as is. */
export class PostgrestError extends Error {
  constructor(
    readonly status: number,
    readonly body: PostgrestErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message)
  }
}

export function pgrstError(
  status: number,
  code: string,
  message: string,
  details: string | null = null,
  hint: string | null = null,
  headers: Record<string, string> = {},
): PostgrestError {
  return new PostgrestError(status, { code, message, details, hint }, headers)
}

const prefixes: Array<[string, number]> = [
  ['08', 503],
  ['09', 500],
  ['0L', 403],
  ['0P', 403],
  ['25', 500],
  ['28', 403],
  ['2D', 500],
  ['38', 500],
  ['39', 500],
  ['3B', 500],
  ['40', 500],
  ['53', 503],
  ['54', 500],
  ['55', 500],
  ['57', 500],
  ['58', 500],
  ['F0', 500],
  ['HV', 500],
  ['P0', 500],
  ['XX', 500],
]

const exact: Record<string, number> = {
  '23503': 409,
  '23505': 409,
  '25006': 405,
  '53400': 500,
  P0001: 400,
  '42883': 404,
  '42P01': 404,
  '42P17': 500,
}

/**
 * The HTTP status PostgREST answers a SQLSTATE with. Insufficient privilege (42501) is
 * 401 for the anonymous role (signing in may help) and 403 for everyone else.
 */
export function statusForSqlState(sqlState: string, role: string): number {
  const custom = /^PT([1-5]\d\d)$/.exec(sqlState)
  if (custom) return Number(custom[1])
  if (sqlState === '42501') return role === 'anon' ? 401 : 403
  if (sqlState in exact) return exact[sqlState]
  for (const [prefix, status] of prefixes) if (sqlState.startsWith(prefix)) return status
  return 400
}

interface DatabaseErrorLike {
  code?: unknown
  message?: unknown
  detail?: unknown
  hint?: unknown
}

/** Whether an exception came from Postgres (PGlite and node-postgres both carry a SQLSTATE). */
export function isDatabaseError(error: unknown): error is DatabaseErrorLike & { code: string } {
  return typeof (error as DatabaseErrorLike)?.code === 'string' && /^[0-9A-Z]{5}$/.test((error as DatabaseErrorLike).code as string)
}

export function fromDatabaseError(error: DatabaseErrorLike & { code: string }, role: string): PostgrestError {
  const status = statusForSqlState(error.code, role)
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}
  return new PostgrestError(
    status,
    {
      code: error.code,
      message: typeof error.message === 'string' ? error.message : '',
      details: typeof error.detail === 'string' && error.detail ? error.detail : null,
      hint: typeof error.hint === 'string' && error.hint ? error.hint : null,
    },
    headers,
  )
}
