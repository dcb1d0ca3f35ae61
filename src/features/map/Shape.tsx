/** The shape each point layer is drawn with, for the legend and the list (never colour alone). */
import type { LayerId } from '../../data/types.ts'
import { palette } from '../../map/layers/paint.ts'

export function Shape(props: { layer: LayerId; colour?: string; size?: number }) {
  const size = () => props.size ?? 18
  const colour = () => props.colour ?? '#6b7280'
  return (
    <svg class="shape" width={size()} height={size()} viewBox="0 0 20 20" aria-hidden="true">
      {props.layer === 'assets' && <circle cx="10" cy="10" r="6.5" fill={colour()} stroke="#fff" stroke-width="1.5" />}
      {props.layer === 'enterprises' && (
        <path d="M10 2.5 17.5 10 10 17.5 2.5 10Z" fill={colour()} stroke={palette.ink} stroke-width="1.4" stroke-linejoin="round" />
      )}
      {props.layer === 'needs' && (
        <>
          <circle cx="10" cy="10" r="7.6" fill="none" stroke="rgba(29,27,24,.55)" stroke-width="1" />
          <circle cx="10" cy="10" r="5.6" fill="#fff" stroke={colour()} stroke-width="3" />
        </>
      )}
      {props.layer === 'streets' && (
        <>
          <path d="M1 13C6 12 9 7 19 6" fill="none" stroke={palette.roadCasing} stroke-width="6" stroke-linecap="round" />
          <path d="M1 13C6 12 9 7 19 6" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" />
        </>
      )}
      {props.layer === 'neighbourhoods' && (
        <rect x="2.5" y="3.5" width="15" height="13" rx="2" fill={palette.land} stroke={palette.boundary} stroke-width="1.5" stroke-dasharray="3 2" />
      )}
    </svg>
  )
}
