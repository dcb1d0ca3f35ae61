import { callRpc } from './rpc.ts'
import type { Category } from './types.ts'

/** The shared taxonomy with labels, icons and colours, in display order. */
export const listCategories = () => callRpc<Category[]>('list_categories', {}, undefined, { public: true })
