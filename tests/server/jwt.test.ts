import { describe, expect, it } from 'vitest'
import { signJwt, verifyJwt } from '../../src/server/jwt.ts'

const secret = 'a-test-secret-that-is-long-enough-for-hs256'
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('verifyJwt', () => {
  it('returns the claims of a token it signed', () => {
    const token = signJwt({ sub: 'u1', role: 'authenticated', exp: 2_000_000_000 }, secret)
    expect(verifyJwt(token, secret, 1_900_000_000)).toMatchObject({ sub: 'u1', role: 'authenticated' })
  })

  it('refuses a token signed with another secret', () => {
    const token = signJwt({ role: 'service_role' }, 'another-secret-another-secret-another')
    expect(() => verifyJwt(token, secret)).toThrow(/JWSInvalidSignature/)
  })

  it('refuses a token whose claims were edited after signing', () => {
    const [head, , sig] = signJwt({ role: 'anon' }, secret).split('.')
    expect(() => verifyJwt(`${head}.${b64({ role: 'service_role' })}.${sig}`, secret)).toThrow(/JWSInvalidSignature/)
  })

  it('refuses alg "none" and any algorithm but HS256', () => {
    expect(() => verifyJwt(`${b64({ alg: 'none' })}.${b64({ role: 'service_role' })}.`, secret)).toThrow(/algorithm/)
    expect(() => verifyJwt(`${b64({ alg: 'HS512' })}.${b64({ role: 'anon' })}.abc`, secret)).toThrow(/algorithm/)
  })

  it('refuses expired and not-yet-valid tokens', () => {
    expect(() => verifyJwt(signJwt({ exp: 100 }, secret), secret, 100)).toThrow('JWT expired')
    expect(() => verifyJwt(signJwt({ nbf: 200 }, secret), secret, 100)).toThrow('JWT not yet valid')
  })

  it('refuses malformed tokens', () => {
    for (const bad of ['', 'a.b', 'a.b.c.d', 'not a jwt', `${b64({ alg: 'HS256' })}.bm90IGpzb24.x`]) {
      expect(() => verifyJwt(bad, secret)).toThrow()
    }
  })
})
