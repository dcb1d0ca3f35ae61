/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/vanillajs" />

interface ImportMetaEnv {
  /** Hosted Supabase project URL; when unset the app asks its own origin for /streetlevel-config.json. */
  readonly VITE_SUPABASE_URL?: string
  readonly VITE_SUPABASE_ANON_KEY?: string
  /** Optional basemap style URL (a MapLibre style JSON); the map is basemap-less by default. */
  readonly VITE_BASEMAP_STYLE?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
