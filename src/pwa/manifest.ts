/**
 * The web app manifest (written to dist/manifest.webmanifest by vite-plugin-pwa):
 * what a phone needs to install Street Level on its home screen. Paths are relative,
 * like the build's, so the same build works at a site root or under a sub-path.
 */
export const webManifest = {
  name: 'Street Level — neighbourhood map',
  short_name: 'Street Level',
  description: 'A map of community places, needs raised by residents and local enterprises, street by street.',
  lang: 'en-GB',
  start_url: './',
  scope: './',
  id: './',
  display: 'standalone' as const,
  orientation: 'any' as const,
  background_color: '#ffffff',
  theme_color: '#1f5fbf',
  categories: ['social', 'navigation'],
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
}
