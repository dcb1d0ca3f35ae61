/**
 * Attribution for every data source Street Level imports, keyed by the `source` value
 * the importer writes into streets, assets and neighbourhoods. Pure data, safe for the
 * browser: the map's attribution control and the About panel show it, and the
 * exporter (src/import/) writes it into every file it produces, because the licences
 * (ODbL for OpenStreetMap, OGL for ONS and council feeds) require it on re-use.
 *
 * Example: attributionFor('osm')?.text → '© OpenStreetMap contributors'
 */

export interface Attribution {
  /** Short credit line, as shown on the map. */
  text: string
  /** Where the licence or copyright notice lives. */
  url: string
  /** The licence the data is under. */
  licence: string
  /** The longer notice the licensor asks for, for the About panel and exports. */
  notice: string
}

export const attributions = {
  osm: {
    text: '© OpenStreetMap contributors',
    url: 'https://www.openstreetmap.org/copyright',
    licence: 'ODbL 1.0',
    notice:
      'Street geography and community places © OpenStreetMap contributors, available under the Open Database Licence (ODbL 1.0). Derived databases must be shared under the same licence.',
  },
  ons: {
    text: 'Boundaries: ONS, OGL v3.0',
    url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    licence: 'OGL v3.0',
    notice:
      'Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right.',
  },
  oruk: {
    text: 'Services: Open Referral UK feeds, OGL v3.0',
    url: 'https://openreferraluk.org/',
    licence: 'OGL v3.0',
    notice:
      'Service directory data from councils’ Open Referral UK feeds, published for re-use under the Open Government Licence v3.0.',
  },
} as const satisfies Record<string, Attribution>

export type AttributedSource = keyof typeof attributions

/**
 * The attribution for a `source` value, or undefined for sources that need none
 * (local entries, the demo town). A source may carry a qualifier after a colon
 * (`oruk:bristol`), which shares its family's attribution.
 */
export function attributionFor(source: string): Attribution | undefined {
  const family = source.split(':', 1)[0]
  return Object.hasOwn(attributions, family) ? attributions[family as AttributedSource] : undefined
}
