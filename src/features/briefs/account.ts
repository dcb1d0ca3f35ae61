/** Who is signed in, as a signal that follows sign-in and sign-out. */
import { createSignal, onCleanup, onMount } from 'solid-js'
import { currentAccount, onAccountChange, type Account } from '../../data/auth.ts'

export function useAccount() {
  const [account, setAccount] = createSignal<Account | null>(null)
  onMount(() => {
    let stop: (() => void) | undefined
    let gone = false
    void currentAccount().then(setAccount).catch(() => setAccount(null))
    void onAccountChange(setAccount).then((s) => (gone ? s() : (stop = s)))
    onCleanup(() => {
      gone = true
      stop?.()
    })
  })
  return account
}

/** Starting or joining a project takes an e-mail account, not an anonymous sign-in. */
export const hasEmailAccount = (a: Account | null) => !!a && !a.anonymous
