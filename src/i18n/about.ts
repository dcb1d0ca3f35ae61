/**
 * The About panel's strings (what Street Level is, where its data comes from, the
 * privacy promise), in one place and ready for translation, beside the map's in en.ts.
 */
import { formatNumber as n } from './format.ts'

export const aboutText = {
  open: 'About',
  openLabel: 'About Street Level and its data sources',
  close: 'Close',
  closeLabel: 'Close the About panel',
  heading: 'About Street Level',
  intro:
    'Street Level is a map of a neighbourhood’s assets: the places, services and social enterprises that help people, alongside the needs residents raise. Planners use it to see, street by street, where needs are not met within walking distance, so that effort goes where it is missing.',
  sourcesHeading: 'Where the data comes from',
  sourcesLoading: 'Loading the list of sources…',
  sourcesFailed: 'The list of sources could not be loaded.',
  noSources: 'No data has been loaded yet.',
  licence: 'Licence',
  link: 'Licence and copyright',
  /** Sources without an attribution entry: places and streets added in Street Level itself. */
  localSource: 'Added in Street Level',
  sourceName: (source: string) =>
    ({ osm: 'OpenStreetMap', ons: 'Office for National Statistics', oruk: 'Open Referral UK', demo: 'Demo town', local: 'Street Level' } as Record<string, string>)[
      source.split(':', 1)[0]
    ] ?? source,
  layerRows: (layer: string, rows: number) =>
    `${n(rows)} ${({ streets: rows === 1 ? 'street' : 'streets', neighbourhoods: rows === 1 ? 'neighbourhood' : 'neighbourhoods', assets: rows === 1 ? 'place' : 'places', enterprises: rows === 1 ? 'enterprise' : 'enterprises' } as Record<string, string>)[layer] ?? layer}`,
  mapHeading: 'The map',
  maplibre: 'The map is drawn with MapLibre GL JS, open-source software under the BSD 3-Clause licence.',
  maplibreLink: 'MapLibre',
  privacyHeading: 'Your privacy',
  privacy:
    'The exact place where a need was pinned is never shown to anyone but its author and the moderators. Everyone else sees it only at street level: the middle of the stretch of street it is on, and in totals.',
}
