import { beforeAll } from 'vitest';
import { insertUsers } from './dialer-fixture';
import { createCampaign } from './team-fixture';
import { useSimulatorApp, type SimulatorApp } from './simulator-app';

/**
 * The predictive pacer's bed (decision 0028): the app on the carrier simulator's manual clock (`useSimulatorApp`),
 * the team's one caller ID with its daily cap lifted (every test's lines go out on it), and time that passes second
 * by second with the agents kept present, as their screens' heartbeats would.
 */
export function usePacerApp(opts: { start: Date; signingKey: string; seed: number; teamName: string }) {
  const { start } = opts;
  const bed: SimulatorApp = useSimulatorApp({ ...opts, stepSeconds: 1 });
  beforeAll(async () => {
    await bed.team.owner.post(`/api/teams/${bed.team.teamId}/caller-ids/sync`);
    await q(`update phone_numbers set daily_cap = 100000 where team_id = $1`, [bed.team.teamId]);
  });
  const q = <R extends object = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    bed.app.deps.pool.query<R>(text, values);
  const clock = { now: () => bed.scheduler.now() };
  async function elapse(sec: number) {
    await bed.elapse(sec);
    await q(`update agent_sessions set last_heartbeat = $1 where team_id = $2`, [clock.now(), bed.team.teamId]);
  }

  /**
   * A predictive campaign with `agents` Ready agents (the first has waited longest) and a measured history in its
   * current period: `connected` answers that reached an agent among `dialled` ended calls an hour ago.
   */
  async function pacedCampaign(opts: {
    agents: number;
    dialled: number;
    connected: number;
    amd?: boolean;
    retryRules?: unknown;
  }) {
    const campaignId = await createCampaign(bed.team.owner, bed.team.teamId, {
      dialMode: 'predictive',
      maxLinesPerAgent: 2,
      amd: opts.amd ?? false,
      safeHarborSeller: 'Sunny Roofs',
      safeHarborCallbackNumber: '+14155550134',
      ...(opts.retryRules ? { retryRules: opts.retryRules } : {}),
    });
    await q(`update campaigns set created_at = $1 where id = $2`, [
      new Date(start.getTime() - 2 * 86_400_000),
      campaignId,
    ]);
    const userIds = await insertUsers(bed.app.deps.pool, opts.agents, 'pacer');
    for (const [i, userId] of userIds.entries()) {
      await q(
        `insert into agent_sessions (team_id, user_id, campaign_id, state, since, last_heartbeat, line_status)
         values ($1, $2, $3, 'ready', $4, $5, 'connected')`,
        [bed.team.teamId, userId, campaignId, new Date(clock.now().getTime() - (100 - i) * 1000), clock.now()],
      );
    }
    const ring = new Date(clock.now().getTime() - 3_600_000);
    for (let i = 0; i < opts.dialled; i++) {
      const connected = i < opts.connected;
      const answered = connected ? new Date(ring.getTime() + 8000) : null;
      await q(
        `insert into calls (team_id, campaign_id, dialed_number, caller_id, provider, provider_sid, status, status_rank,
           outcome, queued_at, created_at, ringing_at, answered_at, ended_at, connect_recorded, agent_connected_at)
         values ($1, $2, '+12125550100', '+12025550123', 'simulator', gen_random_uuid()::text, $3, 4, $4, $5, $5, $5,
           $6, $7, true, $6)`,
        [
          bed.team.teamId,
          campaignId,
          connected ? 'completed' : 'no-answer',
          connected ? 'human' : 'no_answer',
          ring,
          answered,
          new Date(ring.getTime() + (connected ? 100_000 : 20_000)),
        ],
      );
    }
    return { campaignId, userIds };
  }

  return { bed, q, clock, elapse, pacedCampaign };
}
