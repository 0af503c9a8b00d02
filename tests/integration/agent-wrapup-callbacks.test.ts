import { describe, expect, it } from 'vitest';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign } from '../support/team-fixture';
import { useSimulatorApp } from '../support/simulator-app';
import { ok } from '../support/http-client';

// The agents report's wrap-up time and callbacks kept, from the real dialing loop on the carrier simulator and a
// manual clock: the agent's disposition ends the wrap-up, and dialling their own callback in its window keeps it.
// Each call placed also records its callee's time zone (the lead's).

// Tuesday 2030-01-08 16:00 UTC = 10:00 in Chicago.
const START = new Date('2030-01-08T16:00:00Z');
const bed = useSimulatorApp({ start: START, signingKey: 'wrapup-test-signing-key', seed: 7, teamName: 'Wrap-ups' });
const { elapse } = bed;

const api = (path: string) => `/api/teams/${bed.team.teamId}/dialer${path}`;

/** Ready, the next lead (expected to be `leadId`), dial, talk 6 s, hang up: the call's id. */
async function callLead(campaignId: string, leadId: string): Promise<string> {
  await ok(bed.team.agent.post(api('/ready'), { campaignId }));
  const next = await ok(bed.team.agent.post(api('/next')));
  expect(next.lead?.id).toBe(leadId);
  const dialed = await ok(bed.team.agent.post(api('/dial')));
  expect(dialed.ok).toBe(true);
  const callId = dialed.call.id as string;
  await elapse(6);
  await ok(bed.team.agent.post(`/api/teams/${bed.team.teamId}/calls/${callId}/hang-up`));
  await bed.simulator.idle();
  return callId;
}

const callbackAt = (callId: string, local: string) =>
  ok(
    bed.team.agent.post(api('/disposition'), {
      callId,
      disposition: 'callback',
      callback: { local, zone: 'America/Chicago' },
      then: 'paused',
    }),
  );

describe("the agents report's wrap-up and callbacks kept", () => {
  it('measures wrap-up from the end to the disposition, and keeps a callback dialled in its window only', async () => {
    const campaignId = await createCampaign(bed.team.owner, bed.team.teamId, {
      agentMemberIds: [bed.team.agentMemberId],
      dialMode: 'preview',
    });
    const [leadId] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+17185550142', state: 'TX', timezones: ['America/Chicago'], firstName: 'Kim' },
    ]);

    // First call: 25 s of wrap-up, then a callback for 13:00 in Chicago (19:00 UTC).
    const first = await callLead(campaignId, leadId!);
    await elapse(25);
    await callbackAt(first, '2030-01-08T13:00');
    const { rows } = await bed.app.deps.pool.query<{ wrap: number }>(
      `select extract(epoch from disposed_at - ended_at)::int as wrap from calls where id = $1`,
      [first],
    );
    expect(rows[0]!.wrap).toBe(25);
    // The call keeps the callee's zone from its lead, for the best-time-to-call heatmap.
    const { rows: zone } = await bed.app.deps.pool.query(`select callee_zone from calls where id = $1`, [first]);
    expect(zone[0]).toEqual({ callee_zone: 'America/Chicago' });

    // Due: the agent dials it 10 minutes after the time set, so it is kept. 40 s of wrap-up, and a second
    // callback for 15:00 in Chicago (21:00 UTC)…
    await elapse(3 * 3600 - 31 + 600);
    const second = await callLead(campaignId, leadId!);
    await elapse(40);
    await callbackAt(second, '2030-01-08T15:00');

    // … dialled over an hour late (about 22:11 UTC): not kept.
    await elapse(3 * 3600);
    const third = await callLead(campaignId, leadId!);
    await ok(
      bed.team.agent.post(api('/disposition'), { callId: third, disposition: 'not_interested', then: 'paused' }),
    );

    const { rows: marks } = await bed.app.deps.pool.query<{ id: string; kept: boolean }>(
      `select id, callback_kept_at is not null as kept from calls where lead_id = $1`,
      [leadId],
    );
    expect(Object.fromEntries(marks.map((m) => [m.id, m.kept]))).toEqual({
      [first]: true,
      [second]: false,
      [third]: false,
    });

    const report = await ok(
      bed.team.owner.get(`/api/teams/${bed.team.teamId}/reports/agents?from=2030-01-08&to=2030-01-08&tz=UTC`),
    );
    const agentId = (await bed.team.agent.loadMe()).user.id;
    const row = (report.rows as { agentId: string; current: Record<string, unknown> }[]).find(
      (r) => r.agentId === agentId,
    );
    expect(row?.current).toMatchObject({
      calls: 3,
      callbacksSet: 2,
      callbacksKept: 1,
      wrapupSec: 65,
      averageWrapupSec: 65 / 3,
    });
  });
});
