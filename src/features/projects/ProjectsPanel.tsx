/**
 * The projects tab: young people find projects near them, open one, say they are
 * interested, and see their interests; enterprise owners sign in and run their listing.
 * The map and this panel share the selection (the enterprise highlighted on the map).
 */
import { createEffect, For, Match, on, onMount, Switch } from 'solid-js'
import { signOut } from '../../data/auth.ts'
import type { NearbyOpportunity, OpportunityDetail } from '../../data/projects.ts'
import type { Category } from '../../data/types.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { AccountForm } from './AccountForm.tsx'
import { FindProjects } from './FindProjects.tsx'
import { MyInterests } from './MyInterests.tsx'
import { OpportunityPage } from './OpportunityPage.tsx'
import { OwnerDashboard } from './OwnerDashboard.tsx'
import type { ChosenPlace } from './PlaceSearch.tsx'
import type { Origin, ProjectsState, ProjectsView } from './state.ts'
import './projects.css'

export interface ProjectsPanelProps {
  state: ProjectsState
  categories: Category[]
  /** The enterprise selected on the map, if any. */
  selectedEnterprise: string | null
  mapCentre: () => { lon: number; lat: number }
  /** Highlight an enterprise on the map (and bring it into view). */
  onHighlight(enterpriseId: string, lon: number, lat: number): void
  /** Move the map to a point the user chose. */
  onPlace(lon: number, lat: number): void
}

const NAV: { name: 'find' | 'mine' | 'owner'; label: string }[] = [
  { name: 'find', label: t.nav.find },
  { name: 'mine', label: t.nav.mine },
  { name: 'owner', label: t.nav.owner },
]

export function ProjectsPanel(props: ProjectsPanelProps) {
  const view = () => props.state.view()
  const navName = () => (view().name === 'opportunity' ? 'find' : view().name)
  const go = (v: ProjectsView) => props.state.setView(v)
  const userId = () => props.state.account()?.userId ?? null

  // Distances start from the middle of the map until the user says where they are.
  onMount(() => {
    if (!props.state.origin()) props.state.setOrigin({ ...props.mapCentre(), kind: 'centre', label: null })
  })
  // Selecting another enterprise on the map while an opportunity is open goes back to the list.
  let openEnterprise: string | null = null
  createEffect(
    on(
      () => props.selectedEnterprise,
      (id) => {
        if (id && view().name === 'opportunity' && id !== openEnterprise) go({ name: 'find' })
      },
      { defer: true },
    ),
  )

  const open = (item: NearbyOpportunity) => {
    openEnterprise = item.enterprise_id
    props.onHighlight(item.enterprise_id, item.lon, item.lat)
    go({ name: 'opportunity', id: item.opportunity_id })
  }
  const showOnMap = (o: OpportunityDetail) => {
    openEnterprise = o.enterprise_id
    props.onHighlight(o.enterprise_id, o.lon, o.lat)
  }
  const origin = (o: Origin) => props.onPlace(o.lon, o.lat)
  const place = (p: ChosenPlace) => props.onPlace(p.lon, p.lat)

  return (
    <div class="pj" data-projects-view={view().name}>
      <nav class="pj-nav" aria-label={t.nav.label}>
        <For each={NAV}>
          {(n) => (
            <button
              type="button"
              class="pj-nav-button"
              aria-current={navName() === n.name ? 'page' : undefined}
              onClick={() => go({ name: n.name })}
            >
              {n.label}
            </button>
          )}
        </For>
      </nav>
      <Switch>
        <Match when={view().name === 'find'}>
          <FindProjects
            state={props.state}
            categories={props.categories}
            selectedEnterprise={props.selectedEnterprise}
            onOpen={open}
            onOrigin={origin}
          />
        </Match>
        <Match when={view().name === 'opportunity' && (view() as { id: string }).id}>
          {(id) => (
            <OpportunityPage
              id={id()}
              categories={props.categories}
              userId={userId()}
              onBack={() => go({ name: 'find' })}
              onShowOnMap={showOnMap}
            />
          )}
        </Match>
        <Match when={view().name === 'mine'}>
          <MyInterests userId={userId()} onOpen={(id) => go({ name: 'opportunity', id })} />
        </Match>
        <Match when={view().name === 'owner'}>
          <section class="pj-owner-wrap">
            <Switch>
              <Match when={props.state.account() && !props.state.account()!.anonymous && props.state.account()}>
                {(account) => (
                  <OwnerDashboard
                    userId={account().userId}
                    email={account().email}
                    categories={props.categories}
                    mapCentre={props.mapCentre}
                    onPicking={props.state.setPicking}
                    onPlace={place}
                    onSignOut={() => void signOut()}
                  />
                )}
              </Match>
              <Match when={true}>
                <h2 class="pj-title">{t.owner.heading}</h2>
                <p class="pj-intro">{t.owner.intro}</p>
                <AccountForm />
              </Match>
            </Switch>
          </section>
        </Match>
      </Switch>
    </div>
  )
}
