import type { TeamScope } from '../../core/teams/scope';
import type { RootDb } from '../client';

/**
 * Seconds each agent spent Ready over [since, until) (whole UTC hours, like the call rollups), from the stints the
 * trigger on agent_sessions records when they end. A stint still running is not in it yet.
 */
export async function sumReadySeconds(
  db: RootDb,
  scope: TeamScope,
  filter: { since: Date; until: Date; agentId?: string | undefined },
): Promise<Map<string, number>> {
  const params: unknown[] = [scope.teamId, filter.since, filter.until];
  let only = '';
  if (filter.agentId) {
    params.push(filter.agentId);
    only = 'and agent_id = $4';
  }
  const { rows } = await db.$client.query<{ agent_id: string; seconds: number }>(
    `select agent_id, sum(seconds)::float8 as seconds from agent_time_rollups
     where team_id = $1 and state = 'ready' and hour >= $2 and hour < $3 ${only}
     group by agent_id`,
    params,
  );
  return new Map(rows.map((r) => [r.agent_id, r.seconds]));
}
