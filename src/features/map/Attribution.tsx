/**
 * Credits for what is drawn: OpenStreetMap for streets that came from it (ODbL asks
 * for this wherever the data is shown), and the map library. A basemap credits itself.
 */
import { Show } from 'solid-js'
import { t } from '../../i18n/en.ts'

export function Attribution(props: { osm: boolean }) {
  return (
    <p class="attribution" data-attribution>
      <Show when={props.osm}>
        <span data-osm-attribution>
          <a href="https://www.openstreetmap.org/copyright" rel="noopener noreferrer" target="_blank">{t.attribution.osm}</a>
          {' '}({t.attribution.osmLicence}) ·{' '}
        </span>
      </Show>
      <a href="https://maplibre.org/" rel="noopener noreferrer" target="_blank">{t.attribution.maplibre}</a>
    </p>
  )
}
