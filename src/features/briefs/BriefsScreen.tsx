/**
 * The briefs pages, full screen and printable: the planners' ranked list, one brief, a
 * project started from one, and the co-founder invitation. Chosen by the hash (route.ts).
 */
import { Match, onCleanup, onMount, Switch } from 'solid-js'
import type { Category } from '../../data/types.ts'
import { t } from '../../i18n/en.ts'
import { briefsText as b } from '../../i18n/briefs.ts'
import { BriefList } from './BriefList.tsx'
import { BriefPage } from './BriefPage.tsx'
import { JoinProject } from './JoinProject.tsx'
import { ProjectPage } from './ProjectPage.tsx'
import type { BriefsRoute } from './route.ts'
import './briefs.css'

export function BriefsScreen(props: { route: BriefsRoute; categories: Category[] }) {
  const r = () => props.route
  // The map shell keeps the page still; these pages scroll (and print) as documents.
  onMount(() => document.documentElement.classList.add('briefs-open'))
  onCleanup(() => document.documentElement.classList.remove('briefs-open'))
  return (
    <div class="briefs-screen">
      <header class="briefs-header">
        <a class="briefs-brand" href="./">{t.appName}</a>
        <nav aria-label={b.link}>
          <a href="./">{b.back}</a>
          <a href="#/briefs" aria-current={r().page === 'list' ? 'page' : undefined}>{b.link}</a>
        </nav>
      </header>
      <main class="briefs-main" id="main">
        <Switch>
          <Match when={r().page === 'list'}><BriefList categories={props.categories} /></Match>
          <Match when={r().page === 'brief' && r()}>{(x) => <BriefPage id={(x() as { id: string }).id} />}</Match>
          <Match when={r().page === 'project' && r()}>{(x) => <ProjectPage id={(x() as { id: string }).id} />}</Match>
          <Match when={r().page === 'join' && r()}>{(x) => <JoinProject token={(x() as { token: string }).token} />}</Match>
        </Switch>
      </main>
    </div>
  )
}
