/** Loading and error states over the map: never a blank map without a word. */
import { Show } from 'solid-js'
import { ApiError } from '../../data/rpc.ts'
import { t } from '../../i18n/en.ts'

export function StatusBanner(props: { loading: boolean; error: Error | null; onRetry(): void }) {
  const unreachable = () => props.error instanceof ApiError && props.error.unreachable
  return (
    <>
      <Show when={props.error}>
        <div class="banner error" role="alert" data-status="error">
          <div>
            <p class="banner-title">{unreachable() ? t.status.unreachable : t.status.failed}</p>
            <p class="banner-text">{unreachable() ? t.status.unreachableHelp : props.error?.message}</p>
          </div>
          <button type="button" class="button" onClick={() => props.onRetry()}>{t.status.retry}</button>
        </div>
      </Show>
      <div class="loading-chip" role="status" aria-live="polite" data-loading={props.loading && !props.error ? 'true' : 'false'}>
        <Show when={props.loading && !props.error}>
          <span class="dot-pulse" aria-hidden="true" />
          {t.status.loadingData}
        </Show>
      </div>
    </>
  )
}
