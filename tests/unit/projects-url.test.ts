/** The projects tab in a link: tab=projects reopens it; anything else falls back. */
import { describe, expect, it } from 'vitest'
import { defaultState, parseUrlState, serialiseUrlState } from '../../src/state/urlState.ts'

describe('urlState with the projects tab', () => {
  it('reads tab=projects and writes it back', () => {
    const state = parseUrlState('?map=15/54.1/-3.4&tab=projects')
    expect(state.tab).toBe('projects')
    expect(serialiseUrlState(state)).toContain('tab=projects')
  })
  it('falls back to the default tab for an unknown one', () => {
    expect(parseUrlState('?tab=project').tab).toBe(defaultState.tab)
  })
})
