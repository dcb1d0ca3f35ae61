/** Map or Gaps: the header's switch between the residents' map and the planner view. */
import { gapsText as g } from '../../i18n/gaps.ts'
import type { Mode } from '../../state/urlState.ts'

export function ModeSwitch(props: { mode: Mode; onMode(mode: Mode): void }) {
  return (
    <div class="mode-switch" role="group" aria-label={g.modes.label}>
      <button type="button" aria-pressed={props.mode === 'map'} onClick={() => props.onMode('map')}>{g.modes.map}</button>
      <button type="button" aria-pressed={props.mode === 'gaps'} onClick={() => props.onMode('gaps')} title={g.modes.gapsHint}>
        {g.modes.gaps}
      </button>
    </div>
  )
}
