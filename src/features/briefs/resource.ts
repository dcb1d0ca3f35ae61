import type { Resource } from 'solid-js'

/**
 * A resource's last value, or undefined when it failed: reading an errored resource
 * throws, and these pages show their own error message instead.
 */
export const latestOf = <T,>(r: Resource<T>): T | undefined => (r.state === 'errored' ? undefined : r.latest)
