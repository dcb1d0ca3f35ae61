/** The four filters of "Find projects": interest, paid or volunteer, time, age. */
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import { COMMITMENTS, type Commitment } from '../../data/projects.ts'
import type { Category } from '../../data/types.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { noFilters, type ProjectFilters } from './state.ts'

export function ProjectFiltersForm(props: {
  categories: Category[]
  filters: ProjectFilters
  onChange(filters: ProjectFilters): void
}) {
  const id = createUniqueId()
  // Folded by default, so the nearest projects are the first thing a phone shows.
  const [open, setOpen] = createSignal(false)
  const set = (patch: Partial<ProjectFilters>) => props.onChange({ ...props.filters, ...patch })
  const activeCount = () => Object.values(props.filters).filter((v) => v !== null).length
  const active = () => activeCount() > 0
  const pay = () => (props.filters.paid === null ? '' : props.filters.paid ? 'paid' : 'volunteer')
  return (
    <div class="pj-filter-box">
      <div class="pj-filter-bar">
        <button type="button" class="pj-button secondary small" aria-expanded={open()} aria-controls={`${id}-filters`} onClick={() => setOpen(!open())}>
          <svg width="16" height="16" viewBox="0 0 20 20" aria-hidden="true"><path d="M3 5h14M6 10h8M8.5 15h3" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
          {t.find.filtersActive(activeCount())}
        </button>
        <Show when={active()}>
          <button type="button" class="link-button pj-clear" onClick={() => props.onChange(noFilters)}>{t.find.clear}</button>
        </Show>
      </div>
      <fieldset class="pj-filters" id={`${id}-filters`} hidden={!open()}>
        <legend class="visually-hidden">{t.find.filters}</legend>
        <label class="pj-filter">
          <span class="pj-label">{t.find.interest}</span>
          <select value={props.filters.category ?? ''} onChange={(e) => set({ category: e.currentTarget.value || null })} data-filter="category">
            <option value="">{t.find.anyInterest}</option>
            <For each={props.categories}>{(c) => <option value={c.slug}>{c.label}</option>}</For>
          </select>
        </label>
        <label class="pj-filter">
          <span class="pj-label">{t.find.pay}</span>
          <select
            value={pay()}
            data-filter="paid"
            onChange={(e) => set({ paid: e.currentTarget.value === '' ? null : e.currentTarget.value === 'paid' })}
          >
            <option value="">{t.find.anyPay}</option>
            <option value="paid">{t.find.paidOnly}</option>
            <option value="volunteer">{t.find.volunteerOnly}</option>
          </select>
        </label>
        <label class="pj-filter">
          <span class="pj-label">{t.find.time}</span>
          <select
            value={props.filters.commitment ?? ''}
            data-filter="commitment"
            onChange={(e) => set({ commitment: (e.currentTarget.value || null) as Commitment | null })}
          >
            <option value="">{t.find.anyTime}</option>
            <For each={COMMITMENTS}>{(c) => <option value={c}>{t.commitment[c]}</option>}</For>
          </select>
        </label>
        <label class="pj-filter">
          <span class="pj-label">{t.find.age}</span>
          <input
            type="number"
            inputmode="numeric"
            min="10"
            max="120"
            placeholder={t.find.agePlaceholder}
            data-filter="age"
            value={props.filters.age ?? ''}
            onChange={(e) => {
              const n = Number.parseInt(e.currentTarget.value, 10)
              set({ age: Number.isFinite(n) && n >= 10 && n <= 120 ? n : null })
            }}
          />
        </label>
      </fieldset>
    </div>
  )
}
