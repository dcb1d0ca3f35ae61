/**
 * Details of the selected feature: a side panel on wide screens, a bottom sheet on
 * narrow ones (CSS decides). All user text is rendered as text, never as HTML.
 */
import { For, Match, onMount, Show, Switch, type JSX } from 'solid-js'
import type { AssetProps, Category, EnterpriseProps, LayerId, NeedProps, NeighbourhoodProps, StreetProps } from '../../data/types.ts'
import { t } from '../../i18n/en.ts'
import { Shape } from './Shape.tsx'
import { NeedPage } from '../needs/NeedPage.tsx'

export type SelectedFeature =
  | { layer: 'assets'; props: AssetProps }
  | { layer: 'enterprises'; props: EnterpriseProps }
  | { layer: 'needs'; props: NeedProps }
  | { layer: 'streets'; props: StreetProps }
  | { layer: 'neighbourhoods'; props: NeighbourhoodProps }

export interface DetailsPanelProps {
  layer: LayerId
  feature: SelectedFeature | null
  categories: Category[]
  neighbourhoodName(id: string | null): string | null
  needsOnStreet(streetId: string): number
  onClose(): void
}


function Field(props: { label: string; children: JSX.Element }) {
  return (
    <div class="field">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  )
}

export function DetailsPanel(props: DetailsPanelProps) {
  let heading!: HTMLHeadingElement
  // Move focus to the panel so keyboard and screen reader users land on what they chose.
  onMount(() => heading.focus({ preventScroll: true }))
  const cat = (slug: string) => props.categories.find((c) => c.slug === slug)
  const topics = (slugs: string[]) => (
    <ul class="tags" role="list">
      <For each={slugs}>
        {(s) => (
          <li class="tag">
            <span class="swatch" style={{ 'background-color': cat(s)?.colour ?? '#6f6f6f' }} aria-hidden="true" />
            {cat(s)?.label ?? s}
          </li>
        )}
      </For>
    </ul>
  )
  const title = () => {
    const f = props.feature
    if (!f) return t.details.heading
    switch (f.layer) {
      case 'assets':
      case 'enterprises':
      case 'neighbourhoods':
        return f.props.name
      case 'streets':
        return f.props.name ?? t.details.unnamedStreet
      case 'needs':
        return cat(f.props.category)?.label ?? t.details.kinds.needs
    }
  }
  const colour = () => {
    const f = props.feature
    return f && 'category' in f.props ? cat(f.props.category)?.colour : undefined
  }

  return (
    <section
      class="details"
      role="region"
      aria-labelledby="details-title"
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
      data-details={props.layer}
    >
      <header class="details-head">
        <Shape layer={props.layer} colour={colour()} size={24} />
        <div class="details-titles">
          <p class="kicker">{t.details.kinds[props.layer]}</p>
          <h2 id="details-title" ref={heading} tabindex="-1">{title()}</h2>
        </div>
        <button type="button" class="icon-button" onClick={() => props.onClose()} aria-label={t.details.close}>
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
        </button>
      </header>
      <div class="details-body">
        <Show when={props.feature} fallback={<p class="note">{t.details.missing}</p>}>
          {(f) => (
            <Switch>
              <Match when={f().layer === 'assets' && (f().props as AssetProps)}>
                {(a) => (
                  <>
                  <p class="note">{a().verified ? t.details.verified : t.details.unverified}</p>
                  <dl class="fields">
                    <Field label={t.details.topics}>{topics(a().categories)}</Field>
                    <Show when={a().address}><Field label={t.details.address}>{a().address}</Field></Show>
                    <Show when={a().opening_hours}><Field label={t.details.openingHours}>{a().opening_hours}</Field></Show>
                    <Show when={a().contact}><Field label={t.details.contact}>{a().contact}</Field></Show>
                    <Show when={a().website}>
                      <Field label={t.details.website}>
                        <a href={a().website ?? undefined} rel="noopener noreferrer" target="_blank">{a().website}</a>
                      </Field>
                    </Show>
                  </dl>
                  </>
                )}
              </Match>
              <Match when={f().layer === 'enterprises' && (f().props as EnterpriseProps)}>
                {(e) => (
                  <>
                  <p class="lede">{e().social_goal}</p>
                  <p class="pill">{t.details.opportunities(e().open_opportunities)}</p>
                  <Show when={e().status === 'paused'}><p class="note">{t.details.paused}</p></Show>
                  <dl class="fields">
                    <Field label={t.details.topics}>{topics(e().categories)}</Field>
                    <Show when={e().contact}><Field label={t.details.contact}>{e().contact}</Field></Show>
                    <Show when={e().website}>
                      <Field label={t.details.website}>
                        <a href={e().website ?? undefined} rel="noopener noreferrer" target="_blank">{e().website}</a>
                      </Field>
                    </Show>
                  </dl>
                  </>
                )}
              </Match>
              <Match when={f().layer === 'needs' && (f().props as NeedProps)}>
                {(n) => <NeedPage need={n()} />}
              </Match>
              <Match when={f().layer === 'streets' && (f().props as StreetProps)}>
                {(s) => (
                  <>
                  <p class="pill">{t.details.needsOnStreet(props.needsOnStreet(s().id))}</p>
                  <dl class="fields">
                    <Field label={t.details.highway}>{t.highways[s().highway] ?? s().highway}</Field>
                    <Show when={props.neighbourhoodName(s().neighbourhood_id)}>
                      {(name) => <Field label={t.details.neighbourhood}>{name()}</Field>}
                    </Show>
                  </dl>
                  </>
                )}
              </Match>
              <Match when={f().layer === 'neighbourhoods' && (f().props as NeighbourhoodProps)}>
                {(n) => (
                  <dl class="fields">
                    <Field label={t.details.code}>{n().code}</Field>
                  </dl>
                )}
              </Match>
            </Switch>
          )}
        </Show>
      </div>
    </section>
  )
}
