/**
 * The one Supabase client. Hosted Supabase when VITE_SUPABASE_URL and
 * VITE_SUPABASE_ANON_KEY are set at build time; otherwise the embedded backend that
 * served this page tells us where it is, at /streetlevel-config.json on our own origin.
 * supabase-js is imported lazily, so the first paint does not wait for it.
 */
import type { SupabaseClient } from '@supabase/supabase-js'
import { retryingFetch } from './retry.ts'

export interface ClientConfig {
  supabaseUrl: string
  anonKey: string
}

/** Where the client config comes from: the build's env if complete, else the serving origin. */
export async function resolveConfig(
  env: { VITE_SUPABASE_URL?: string; VITE_SUPABASE_ANON_KEY?: string },
  fetchConfig: () => Promise<Response> = () => fetch('/streetlevel-config.json', { cache: 'no-store' }),
): Promise<ClientConfig> {
  if (env.VITE_SUPABASE_URL && env.VITE_SUPABASE_ANON_KEY) {
    return { supabaseUrl: env.VITE_SUPABASE_URL, anonKey: env.VITE_SUPABASE_ANON_KEY }
  }
  const response = await fetchConfig()
  if (!response.ok) throw new Error(`The client config answered ${response.status}.`)
  const config = (await response.json()) as Partial<ClientConfig>
  if (typeof config.supabaseUrl !== 'string' || typeof config.anonKey !== 'string') {
    throw new Error('The client config lacks supabaseUrl or anonKey.')
  }
  // A relative or empty URL means "this origin".
  return { supabaseUrl: new URL(config.supabaseUrl || '/', location.origin).href.replace(/\/$/, ''), anonKey: config.anonKey }
}

let client: Promise<SupabaseClient> | undefined
let config: Promise<ClientConfig> | undefined

/** The client config, asked for once (the map's tile URLs need it before supabase-js loads). */
export function getClientConfig(): Promise<ClientConfig> {
  config ??= resolveConfig(import.meta.env)
  config.catch(() => {
    config = undefined
  })
  return config
}

/** The shared client; a failed attempt is forgotten so that "Try again" really tries again. */
export function getSupabase(): Promise<SupabaseClient> {
  client ??= (async () => {
    const [config, { createClient }] = await Promise.all([
      getClientConfig(),
      import('@supabase/supabase-js'),
    ])
    return createClient(config.supabaseUrl, config.anonKey, {
      // detectSessionInUrl: a mailed link (confirm, invitation) lands here with the session in
      // the fragment, as from hosted Supabase's /verify (auth.ts reads what the link was first).
      auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true, flowType: 'implicit' },
      global: { fetch: retryingFetch() },
    })
  })()
  client.catch(() => {
    client = undefined
  })
  return client
}
