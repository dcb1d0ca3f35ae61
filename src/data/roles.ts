import { callRpc } from './rpc.ts'

export type Role = 'enterprise_owner' | 'moderator' | 'planner'

/** The signed-in caller's roles, as the database's rules see them (empty for residents). */
export const myRoles = (signal?: AbortSignal) => callRpc<Role[]>('my_roles', {}, signal)
