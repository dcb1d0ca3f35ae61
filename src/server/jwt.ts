/**
 * HS256 JSON Web Tokens with Node's crypto, as GoTrue issues them and PostgREST checks
 * them. Only HS256 is accepted: a token naming any other algorithm (including "none")
 * is refused before its signature is even looked at.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type JwtClaims = Record<string, unknown> & {
  sub?: string
  role?: string
  exp?: number
  iat?: number
  nbf?: number
}

export class JwtError extends Error {
  constructor(
    message: string,
    readonly reason: 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid',
  ) {
    super(message)
  }
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url')

function signature(data: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(data).digest()
}

/** Signs claims; `iat` and `exp` are whatever the caller put in them. */
export function signJwt(claims: JwtClaims, secret: string): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const body = base64url(JSON.stringify(claims))
  return `${head}.${body}.${base64url(signature(`${head}.${body}`, secret))}`
}

/**
 * Verifies signature, algorithm, `exp` and `nbf`; returns the claims or throws JwtError.
 * `nowSeconds` is injectable for tests.
 */
export function verifyJwt(token: string, secret: string, nowSeconds = Date.now() / 1000): JwtClaims {
  const parts = token.split('.')
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
    throw new JwtError('Expected 3 parts in JWT; got ' + parts.length, 'malformed')
  }
  const [head, body, sig] = parts
  let header: { alg?: unknown }
  let claims: unknown
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown }
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    throw new JwtError('The JWT is not valid JSON.', 'malformed')
  }
  if (header?.alg !== 'HS256') throw new JwtError('Wrong or unsupported encoding algorithm', 'algorithm')
  const expected = signature(`${head}.${body}`, secret)
  const given = Buffer.from(sig, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new JwtError('JWSError JWSInvalidSignature', 'signature')
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new JwtError('The JWT claims must be a JSON object.', 'malformed')
  }
  const c = claims as JwtClaims
  if (c.exp !== undefined && (typeof c.exp !== 'number' || nowSeconds >= c.exp)) {
    throw new JwtError('JWT expired', 'expired')
  }
  if (c.nbf !== undefined && (typeof c.nbf !== 'number' || nowSeconds < c.nbf)) {
    throw new JwtError('JWT not yet valid', 'not-yet-valid')
  }
  return c
}
