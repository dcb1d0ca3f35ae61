import { callRpc } from './rpc.ts'
import type { NeedDetail } from './types.ts'

/** One need with its status history; the exact point only when the caller may see it. */
export const needDetail = (needId: string, signal?: AbortSignal) =>
  callRpc<NeedDetail | null>('need_detail', { need_id: needId }, signal)
