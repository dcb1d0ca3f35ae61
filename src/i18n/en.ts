/**
 * Every user-facing string of the map, in one place, ready for translation. Functions
 * take counts and names so each language can order and pluralise its own way.
 */
import { formatNumber, plural } from './format.ts'

export const en = {
  appName: 'Street Level',
  tagline: 'What your streets have, and what they need',
  skipToList: 'Skip to the list of places in view',
  skipToPin: 'Skip to “Pin a need”',
  /** Over the map on the projects list: what the markers are. */
  projectsOnMap: (places: number) =>
    places === 0 ? 'No places match: the map shows none' : `The map shows the ${places === 1 ? 'place' : `${places} places`} of your results`,
  mapLabel: 'Map of the town. Use the arrow keys to move and + or − to zoom. The list of places in view gives the same information without the map.',

  layers: {
    heading: 'Show on the map',
    streets: 'Streets',
    neighbourhoods: 'Neighbourhoods',
    assets: 'Community places',
    enterprises: 'Local enterprises and projects',
    needs: 'Needs raised by residents',
  },
  layerHints: {
    streets: 'Street names appear as you zoom in',
    neighbourhoods: 'Boundaries and names',
    assets: 'Libraries, centres, food banks, parks…',
    enterprises: 'Social enterprises and community projects',
    needs: 'Shown on their street, never at a home',
  },
  shapes: {
    assets: 'Filled circle',
    enterprises: 'Diamond',
    needs: 'Ring, larger with more support',
  },

  categories: {
    heading: 'Topics',
    all: 'All topics',
    none: 'None',
    showAll: 'Show all topics',
    filterNote: (shown: number, total: number) =>
      shown === total ? 'Showing every topic' : `Showing ${shown} of ${total} topics`,
  },

  legend: {
    heading: 'In view now',
    countOf: formatNumber,
    layerCount: formatNumber,
    truncated: 'There is more here than the map can show at once; zoom in to see it all.',
  },

  tabs: {
    key: 'Map key',
    list: 'List',
    label: 'Map key and list',
  },

  list: {
    heading: 'Places in view',
    summary: (assets: number, enterprises: number, needs: number) =>
      `${plural(assets, 'place', 'places')}, ${plural(enterprises, 'enterprise', 'enterprises')}, ${plural(needs, 'need', 'needs')} in view`,
    empty: 'Nothing here matches your choices. Zoom out, move the map, or show more topics or layers.',
    hiddenLayers: 'Some layers are turned off; turn them on in the map key to list them.',
    zoomForNeeds: (n: number) => `${formatNumber(n)} ${n === 1 ? 'need' : 'needs'} in view, counted by area; zoom in to a street to list them.`,
    more: (n: number) => `and ${plural(n, 'more', 'more')} — zoom in to see them`,
    sections: {
      assets: 'Community places',
      enterprises: 'Enterprises and projects',
      needs: 'Needs',
    },
    supporters: (n: number) => plural(n, 'supporter', 'supporters'),
  },

  search: {
    label: 'Search streets, places and neighbourhoods',
    placeholder: 'Search streets and places',
    noResults: 'No matches in the part of town that is loaded. Try another word, or move the map.',
    results: (n: number) => plural(n, 'match', 'matches'),
    kinds: {
      street: 'Street',
      neighbourhood: 'Neighbourhood',
      asset: 'Place',
      enterprise: 'Enterprise',
      need: 'Need',
    },
    clear: 'Clear search',
  },

  controls: {
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetView: 'Reset rotation and tilt',
    locate: 'Show where I am',
    locating: 'Finding where you are…',
    locateDenied: 'Location is turned off for this site, so the map cannot show where you are.',
    locateFailed: 'Your location could not be found just now.',
    locateUnsupported: 'This browser cannot share its location.',
    showKey: 'Map key',
    showList: 'List',
    collapse: 'Hide panel',
    expand: 'Show panel',
  },

  details: {
    close: 'Close details',
    heading: 'Details',
    kinds: {
      streets: 'Street',
      neighbourhoods: 'Neighbourhood',
      assets: 'Community place',
      enterprises: 'Enterprise or project',
      needs: 'Need',
    },
    address: 'Address',
    openingHours: 'Opening hours',
    contact: 'Contact',
    website: 'Website',
    topics: 'Topics',
    verified: 'Checked by the Street Level team',
    unverified: 'Not yet checked',
    socialGoal: 'What it does',
    opportunities: (n: number) => (n === 0 ? 'No open roles just now' : `${plural(n, 'open role', 'open roles')} to join`),
    paused: 'Paused for now',
    status: 'Status',
    street: 'Street',
    supporters: (n: number) => (n === 0 ? 'No one has said “me too” yet' : `${plural(n, 'person says', 'people say')} “me too”`),
    raised: (date: string) => `Raised ${date}`,
    history: 'What has happened',
    historyEntry: (to: string, by: string) => `${to} (by ${by})`,
    location: 'Shown on its street, not at anyone’s home.',
    highway: 'Type of road',
    neighbourhood: 'Neighbourhood',
    code: 'Code',
    needsOnStreet: (n: number) => (n === 0 ? 'No open needs on this street in view' : `${plural(n, 'open need', 'open needs')} on this street in view`),
    loading: 'Loading details…',
    failed: 'The details could not be loaded.',
    unnamedStreet: 'Unnamed street',
    missing: 'This item is not in the current view any more.',
  },

  needStatus: {
    open: 'Open',
    acknowledged: 'Acknowledged',
    adopted: 'Being worked on',
    met: 'Met',
    closed: 'Closed',
    withdrawn: 'Withdrawn',
  } as Record<string, string>,

  roles: {
    author: 'the resident',
    moderator: 'a moderator',
    enterprise: 'an enterprise',
    planner: 'a planner',
    system: 'Street Level',
  } as Record<string, string>,

  highways: {
    trunk: 'Main road',
    primary: 'Main road',
    secondary: 'Secondary road',
    tertiary: 'Local through road',
    residential: 'Residential street',
    living_street: 'Living street',
    unclassified: 'Minor road',
    service: 'Service road',
    pedestrian: 'Pedestrian street',
    footway: 'Footpath',
    path: 'Path',
    cycleway: 'Cycle path',
    steps: 'Steps',
  } as Record<string, string>,

  status: {
    loading: 'Loading the map…',
    loadingData: 'Updating what is in view…',
    unreachable: 'We can’t reach the Street Level server just now.',
    unreachableHelp: 'Check your connection, then try again. Nothing you have done is lost.',
    failed: 'Something went wrong loading the map data.',
    retry: 'Try again',
    /** The server is unreachable and the app is retrying by itself. */
    retrying: (seconds: number) => `Trying again in ${seconds} s…`,
    retryingNow: 'Trying again…',
    offline: 'Offline',
    offlineHelp: 'You are offline: the map shows what you last saw, and new pins wait on this phone until there is a signal.',
    updateReady: 'A new version of Street Level is ready.',
    updateReload: 'Reload for the new version',
    updateLater: 'Later',
    appStatus: 'Connection and updates',
    offlineReady: 'Street Level now works offline on this device.',
    zoomIn: 'Zoom in to see the map data for this area.',
    mapUnavailable: 'The map could not start in this browser (it needs WebGL). The list still shows everything in the area.',
  },

  attribution: {
    osm: '© OpenStreetMap contributors',
    osmLicence: 'ODbL',
    maplibre: 'MapLibre',
    data: 'Map data: Street Level',
  },
}

export type Strings = typeof en
export const t = en
