import type pg from 'pg';

/**
 * An agent's dialing session waiting on a dial (state `dialing`), for tests that place calls directly rather than
 * through the dialer: a callee who answers such a call is bridged to this agent, not given the safe-harbor message
 * (decision 0025). Its line counts as connected, as a real carrier requires. Returns the session id to pass as
 * `agentSessionId`.
 */
export async function waitingAgentSession(pool: pg.Pool, teamId: string, userId: string): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into agent_sessions (team_id, user_id, state, line_status) values ($1, $2, 'dialing', 'connected')
     on conflict (team_id, user_id) do update set state = 'dialing', call_id = null, line_status = 'connected'
     returning id`,
    [teamId, userId],
  );
  return rows[0]!.id;
}
