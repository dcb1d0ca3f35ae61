/** The categories as a radio group of chips: icon, word and colour. Arrow keys move. */
import { For } from 'solid-js'
import type { Category } from '../../data/types.ts'
import { CategoryIcon } from './CategoryIcon.tsx'

export function CategoryPicker(props: {
  categories: Category[]
  value: string | null
  onChange(slug: string): void
  legend: string
  error?: string
  errorId: string
}) {
  return (
    <fieldset class="pin-step" aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? props.errorId : undefined}>
      <legend class="pin-legend"><span class="step-number">2</span>{props.legend}</legend>
      <div class="category-grid">
        <For each={props.categories}>
          {(c) => (
            <label class="category-chip" style={{ '--cat': c.colour }} data-category={c.slug}>
              <input type="radio" name="need-category" value={c.slug} checked={props.value === c.slug} onChange={() => props.onChange(c.slug)} />
              <span class="category-badge" aria-hidden="true"><CategoryIcon icon={c.icon} size={18} /></span>
              <span class="category-word">{c.label}</span>
            </label>
          )}
        </For>
      </div>
      <p class="field-error" id={props.errorId} role={props.error ? 'alert' : undefined}>{props.error}</p>
    </fieldset>
  )
}
