import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/** The Postgres NOTIFY channel every call change is published on; the payload names ids only. */
export const CALL_CHANGES_CHANNEL = 'call_changes';
/**
 * `k: 'agent'`: the agent's own state changed (their phone line), not a call; `c` is then null. `k: 'seat'`: the
 * agent's dialing session changed state, campaign or call (a trigger on agent_sessions sends it; the live floor
 * listens, the agent's own screen does not need it).
 */
export type CallChangeNotice =
  | { t: string; c: string; a: string | null }
  | { t: string; c: null; a: string; k: 'agent' }
  | { t: string; c: null; a: string; k: 'seat' };

export const notifySql = (teamId: unknown, callId: unknown, agentId: unknown) =>
  sql`pg_notify(${CALL_CHANGES_CHANNEL}, json_build_object('t', ${teamId}, 'c', ${callId}, 'a', ${agentId})::text)`;

/** Tells the agent's screens (any instance) to reload their state: a call was handed to them (an inbound call). */
export async function notifyAgentScreens(db: Db, input: { teamId: string; userId: string }) {
  await db.execute(
    sql`select pg_notify(${CALL_CHANGES_CHANNEL}, json_build_object('t', ${input.teamId}::uuid, 'c', null, 'a', ${input.userId}::text, 'k', 'agent')::text)`,
  );
}

export async function notifyCallChanged(db: Db, call: { teamId: string; id: string; agentId: string | null }) {
  await db.execute(
    sql`select ${notifySql(sql`${call.teamId}::uuid`, sql`${call.id}::uuid`, sql`${call.agentId}::text`)}`,
  );
}
