/**
 * How a need's status and history read. Moderation does not change a need's status
 * (hide_need records an event from a status to the same status, its note starting
 * "Hidden: " or "Restored: "), so those events and a hidden need's status are worded
 * for what happened, not as "Open (by a moderator)".
 */
import type { NeedDetail } from '../../data/types.ts'
import { t } from '../../i18n/en.ts'
import { lifecycleText } from '../../i18n/lifecycle.ts'
import { needsText } from '../../i18n/needs.ts'

type HistoryEntry = NeedDetail['history'][number]

export function statusLabel(status: string, hidden: boolean): string {
  const label = t.needStatus[status] ?? status
  return hidden ? needsText.need.statusHidden(label) : label
}

export function historyLabel(e: HistoryEntry): string {
  if (e.from === e.to && e.by === 'moderator' && e.note) {
    if (e.note.startsWith('Hidden: ')) return needsText.need.historyHidden
    if (e.note.startsWith('Restored: ')) return needsText.need.historyRestored
  }
  const what = lifecycleText.events[e.to] ?? t.needStatus[e.to] ?? e.to
  const by = lifecycleText.roles[e.by] ?? t.roles[e.by] ?? e.by
  return t.details.historyEntry(what, by)
}
