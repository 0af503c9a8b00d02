import type { TestApp } from './test-app';
import type { TestClient } from './http-client';

export type CallDataIds = { callId: string; numberId: string };

/**
 * One caller ID (synced from the provider through the API) and one recorded, ended call with its recording, for the
 * team-isolation table. The call row is written directly: the dial itself is the dialer's route.
 */
export async function seedCallData(app: TestApp, owner: TestClient, teamId: string): Promise<CallDataIds> {
  const sync = await owner.post(`/api/teams/${teamId}/caller-ids/sync`);
  if (sync.status !== 200) throw new Error(`caller-id sync failed ${sync.status} ${sync.text}`);
  const list = await owner.get(`/api/teams/${teamId}/caller-ids`);
  const numberId = list.json.numbers[0].id as string;
  const sid = `CA${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`;
  const { rows } = await app.deps.pool.query<{ id: string }>(
    `insert into calls (team_id, dialed_number, caller_id, provider, provider_sid, status, status_rank, outcome, record, ended_at, duration_sec)
     values ($1, '+14155552671', $2, 'simulator', $3, 'completed', 4, 'human', true, now(), 12) returning id`,
    [teamId, list.json.numbers[0].e164, sid],
  );
  const callId = rows[0]!.id;
  await app.deps.pool.query(
    `insert into recordings (team_id, call_id, provider_sid, status, duration_sec, expires_at) values ($1, $2, $3, 'completed', 12, now() + interval '30 days')`,
    [teamId, callId, `RE${sid.slice(2)}`],
  );
  return { callId, numberId };
}
