import { defineConfig, type Plugin } from 'vitest/config'
import solid from 'vite-plugin-solid'
import { VitePWA } from 'vite-plugin-pwa'
import { webManifest } from './src/pwa/manifest.ts'

/**
 * The lazy chunks every first view needs, the map (MapLibre, about 1 MB, and its CSS) and
 * supabase-js, are asked for by index.html itself, alongside the entry, instead of once
 * the entry has run and imported them.
 */
const FIRST_VIEW_CHUNKS = ['/src/map/MapView.tsx', '/@supabase/supabase-js/dist/index.mjs']
function preloadFirstView(): Plugin {
  return {
    name: 'streetlevel:preload-first-view',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk' && FIRST_VIEW_CHUNKS.some((m) => c.facadeModuleId?.endsWith(m)))
        const js = new Set<string>()
        const css = new Set<string>()
        for (const chunk of chunks) {
          if (chunk.type !== 'chunk') continue
          js.add(chunk.fileName)
          // Its shared chunks too; the entry is already the page's own script.
          for (const file of chunk.imports) if (ctx.bundle?.[file]?.type === 'chunk' && !(ctx.bundle[file] as { isEntry: boolean }).isEntry) js.add(file)
          for (const file of chunk.viteMetadata?.importedCss ?? []) css.add(file)
        }
        return [
          ...[...js].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
          ...[...css].map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
        ]
      },
    },
  }
}

export default defineConfig({
  plugins: [
    solid(),
    preloadFirstView(),
    // Offline and installable (src/pwa): our own service worker, with Workbox's precache
    // manifest injected; registered by src/pwa/register.ts, which offers updates.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      manifest: webManifest,
      // The glob below already lists the icons; the plugin's own copy would list them twice.
      includeManifestIcons: false,
      injectManifest: {
        // The shell, the map chunk and its worker, fonts' glyph ranges, icons; not source maps.
        globPatterns: ['**/*.{html,js,css,svg,png,pbf,woff2,webmanifest}'],
        globIgnores: ['**/*.map', '.vite/**'],
        // MapLibre's chunk is about 1 MB; it must be precached or the map cannot open offline.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  // Relative asset URLs, so the same build works at a site root or under a sub-path.
  base: './',
  build: {
    target: 'es2022',
    // MapLibre alone is about 1 MB minified; it is lazy-loaded in its own chunk.
    chunkSizeWarningLimit: 1400,
    sourcemap: true,
    // The benchmark reads which files are the entry and the map chunk from here.
    manifest: true,
    rolldownOptions: {
      output: {
        // MapLibre's worker is copied as an asset; a .js name gets a JavaScript MIME type
        // from any static server (module workers refuse anything else).
        assetFileNames: (asset) =>
          asset.names.some((n) => n.endsWith('.mjs')) ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]',
      },
    },
  },
  // The embedded backend (npm start) serves /rest/v1, /auth/v1 and the client config;
  // in `npm run dev` they are proxied to it, so the app is the same in both.
  server: {
    proxy: {
      '/rest/v1': 'http://localhost:4173',
      '/auth/v1': 'http://localhost:4173',
      '/streetlevel-config.json': 'http://localhost:4173',
    },
  },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Node by default; component tests opt into jsdom with a `// @vitest-environment jsdom`
    // comment at the top of the file (set explicitly, or vite-plugin-solid would make jsdom the default).
    environment: 'node',
    // PGlite with PostGIS takes seconds to start; each file shares one instance.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
})
