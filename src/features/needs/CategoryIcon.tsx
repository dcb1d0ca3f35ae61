/**
 * Small line icons for the categories, keyed by categories.icon, so each choice in the
 * pin form reads by picture as well as by word (and by colour, never colour alone).
 */
const PATHS: Record<string, string> = {
  basket: 'M3 8h14l-1.5 8h-11zM6 8l3-5M14 8l-3-5',
  house: 'M3 10l7-6 7 6M5 9v8h10V9M8.5 17v-4h3v4',
  cross: 'M8 3h4v5h5v4h-5v5H8v-5H3V8h5z',
  heart: 'M10 17s-7-4.2-7-9a3.8 3.8 0 0 1 7-2 3.8 3.8 0 0 1 7 2c0 4.8-7 9-7 9z',
  people: 'M7 9a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM2.5 16c0-3 2-4.5 4.5-4.5s4.5 1.5 4.5 4.5M14 9a2 2 0 1 0 0-4M13.5 11.5c2.3 0 4 1.3 4 4.5',
  spark: 'M10 2l1.8 5.2L17 9l-5.2 1.8L10 16l-1.8-5.2L3 9l5.2-1.8z',
  cane: 'M8 18V7a3 3 0 0 1 6 0v1',
  briefcase: 'M3 7h14v9H3zM7 7V5h6v2M3 11h14',
  coin: 'M10 17a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM12.5 7.5c-.5-1-1.4-1.5-2.5-1.5-1.5 0-2.5.8-2.5 2 0 2.8 5 1.2 5 4 0 1.2-1 2-2.5 2-1.2 0-2.1-.5-2.6-1.5M10 4.5v11',
  laptop: 'M4 5h12v8H4zM2 15.5h16',
  bus: 'M4 4h12v10H4zM4 10h12M6.5 16.5v-2.5M13.5 16.5v-2.5',
  tree: 'M10 18v-5M10 2l5 7h-3l3 4H5l3-4H5z',
  shield: 'M10 2l6 2.5v4.5c0 4-2.7 7-6 8.5C6.7 16 4 13 4 9V4.5z',
  palette: 'M10 3a7 7 0 1 0 0 14c1 0 1.5-.7 1.2-1.6-.4-1.2.4-2.4 1.7-2.4H15a2 2 0 0 0 2-2 7 7 0 0 0-7-8zM6.5 10h0M8 6.5h0M12 6.5h0',
  ball: 'M10 17a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM3.5 8.5c4 1 9 1 13 0M10 3c-2 4-2 10 0 14',
  pram: 'M4 5h5v6h8a6 6 0 0 1-13 0zM6.5 17.5h0M14 17.5h0M2 5h2',
  access: 'M10 5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM8 7h4v5H9M9 12a4 4 0 1 0 5 4',
}

export function CategoryIcon(props: { icon: string; size?: number }) {
  return (
    <svg class="category-icon" width={props.size ?? 20} height={props.size ?? 20} viewBox="0 0 20 20" aria-hidden="true">
      <path d={PATHS[props.icon] ?? 'M10 16a6 6 0 1 0 0-12 6 6 0 0 0 0 12z'} fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  )
}
