import { describe, expect, it } from 'vitest';
import { paceCampaign } from '../../src/app/dialer/pace-campaign';
import { insertLeads } from '../support/dialer-fixture';
import { usePacerApp } from '../support/pacer-bed';

// The predictive pacer's loop on the carrier simulator, on a manual clock (decision 0028): it dials ahead of the
// Ready agents from the campaign's measurements, an answered line goes to the longest-waiting Ready agent, a person
// nobody is free for hears the safe-harbor message within 2 s and is counted, a seeded run keeps the period under
// 3 %, and two pacers racing on one database never dial a lead twice.

const START = new Date('2030-01-08T16:00:00Z'); // 11:00 in New York
const { bed, q, clock, elapse, pacedCampaign } = usePacerApp({
  start: START,
  signingKey: 'pacer-loop-test-signing-key',
  seed: 15,
  teamName: 'Pacer',
});

/** `n` test numbers with one outcome (the simulator's 555-01XX block, any area code). */
function testNumbers(n: number, suffix: string, from = 201): string[] {
  return Array.from({ length: n }, (_, i) => `+1${from + i}555${suffix}`);
}

const pace = (campaignId: string, holder = 'instance-a') =>
  paceCampaign(bed.app.deps, { teamId: bed.team.teamId, campaignId, holder });

type LineRow = {
  id: string;
  lead_id: string;
  status: string;
  agent_id: string | null;
  agent_session_id: string | null;
  answered_at: Date | null;
  agent_connected_at: Date | null;
  safe_harbor_at: Date | null;
};
async function lines(campaignId: string) {
  const { rows } = await q<LineRow>(
    `select id, lead_id, status, agent_id, agent_session_id, answered_at, agent_connected_at, safe_harbor_at
     from calls where campaign_id = $1 and lead_id is not null order by created_at, id`,
    [campaignId],
  );
  return rows;
}

async function periodFigures(campaignId: string) {
  const res = await bed.team.owner.get(`/api/teams/${bed.team.teamId}/dashboard/campaigns/${campaignId}`);
  expect(res.status).toBe(200);
  return res.json;
}

describe('the predictive pacer loop', () => {
  it('dials ahead of 10 Ready agents, with lines tied to no agent', async () => {
    const { campaignId } = await pacedCampaign({ agents: 10, dialled: 1000, connected: 200 });
    await insertLeads(
      bed.app.deps.pool,
      bed.team.teamId,
      campaignId,
      testNumbers(40, '0103').map((phone) => ({ phone, timezones: ['America/New_York'] })),
    );
    const r = await pace(campaignId);
    expect(r).toMatchObject({ kind: 'paced', mode: 'predictive', reason: null });
    const placed = await lines(campaignId);
    expect(placed.length).toBeGreaterThan(10);
    expect(placed.length).toBeLessThanOrEqual(20); // 2 lines per agent at most
    expect(new Set(placed.map((l) => l.lead_id)).size).toBe(placed.length);
    for (const l of placed) expect(l).toMatchObject({ agent_id: null, agent_session_id: null });

    // Lines still ringing count: the next tick adds none.
    expect(await pace(campaignId)).toMatchObject({ kind: 'paced', placed: 0 });
    expect((await periodFigures(campaignId)).pacing).toMatchObject({ linesInFlight: placed.length });
    await elapse(25); // they ring out (20 s) unanswered
    const ended = await lines(campaignId);
    for (const l of ended) expect(l.status).toBe('no-answer');
  });

  it('gives an answered line to the longest-waiting Ready agent, bridged at once with the lead reserved for them', async () => {
    const { campaignId, userIds } = await pacedCampaign({ agents: 10, dialled: 100, connected: 60 });
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: testNumbers(1, '0100', 301)[0]!, timezones: ['America/New_York'], firstName: 'Ada' },
    ]);
    await pace(campaignId);
    const [line] = await lines(campaignId);
    expect(line).toBeDefined();
    for (let i = 0; i < 10 && (await lines(campaignId))[0]!.answered_at === null; i++) await elapse(1);
    const answered = (await lines(campaignId))[0]!;
    expect(answered.agent_id).toBe(userIds[0]); // the one who waited longest
    expect(answered.safe_harbor_at).toBeNull();
    expect(answered.agent_connected_at!.getTime() - answered.answered_at!.getTime()).toBeLessThanOrEqual(2000);
    const { rows } = await q<{ state: string; call_id: string; lead_id: string; reserved_by: string }>(
      `select s.state, s.call_id, s.lead_id, l.reserved_by from agent_sessions s join leads l on l.id = s.lead_id
       where s.user_id = $1`,
      [userIds[0]],
    );
    expect(rows[0]).toMatchObject({ state: 'dialing', call_id: answered.id, reserved_by: userIds[0] });
    await bed.app.deps.telephony.hangUp({ providerSid: (await providerSid(answered.id))! });
    await elapse(1);
  });

  it("gives an agent's own callback to that agent when they are Ready, not to the longest-waiting one", async () => {
    const { campaignId, userIds } = await pacedCampaign({ agents: 10, dialled: 100, connected: 60 });
    const owner = userIds[3]!;
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      {
        phone: testNumbers(1, '0100', 351)[0]!,
        timezones: ['America/New_York'],
        status: 'callback',
        callbackAt: new Date(clock.now().getTime() - 60_000),
        callbackUserId: owner,
        attempts: 1,
      },
    ]);
    await pace(campaignId);
    for (let i = 0; i < 10 && (await lines(campaignId))[0]?.answered_at == null; i++) await elapse(1);
    const [answered] = await lines(campaignId);
    expect(answered!.agent_id).toBe(owner);
    expect(answered!.agent_connected_at).not.toBeNull();
    await bed.app.deps.telephony.hangUp({ providerSid: (await providerSid(answered!.id))! });
    await elapse(1);
  });

  it('plays the safe-harbor message within 2 s to a person nobody is free for, and counts the abandon', async () => {
    const { campaignId } = await pacedCampaign({ agents: 10, dialled: 100, connected: 60 });
    await insertLeads(
      bed.app.deps.pool,
      bed.team.teamId,
      campaignId,
      testNumbers(3, '0100', 401).map((phone) => ({ phone, timezones: ['America/New_York'] })),
    );
    await pace(campaignId);
    expect((await lines(campaignId)).length).toBe(3);
    // Every agent steps away before the people pick up (5 s after the dial).
    await q(`update agent_sessions set state = 'paused' where campaign_id = $1`, [campaignId]);
    for (let i = 0; i < 10 && (await lines(campaignId)).some((l) => l.answered_at === null); i++) await elapse(1);
    const answered = await lines(campaignId);
    for (const l of answered) {
      expect(l.agent_connected_at).toBeNull();
      expect(l.safe_harbor_at).not.toBeNull();
      expect(l.safe_harbor_at!.getTime() - l.answered_at!.getTime()).toBeLessThanOrEqual(2000);
    }
    const overview = await periodFigures(campaignId);
    expect(overview.abandonRate.period).toMatchObject({ liveAnswered: 63, abandoned: 3 });
    for (let i = 0; i < 60 && (await lines(campaignId)).some((l) => l.status === 'in-progress'); i++) await elapse(1);
  });

  it('falls back to progressive by itself with too few agents, one line per Ready agent', async () => {
    const { campaignId } = await pacedCampaign({ agents: 4, dialled: 1000, connected: 200 });
    await insertLeads(
      bed.app.deps.pool,
      bed.team.teamId,
      campaignId,
      testNumbers(20, '0103', 501).map((phone) => ({ phone, timezones: ['America/New_York'] })),
    );
    expect(await pace(campaignId)).toMatchObject({ mode: 'progressive', reason: 'too_few_agents', placed: 4 });
    expect((await periodFigures(campaignId)).pacing).toMatchObject({
      mode: 'progressive',
      fallback: { reason: 'too_few_agents', agentsNeeded: 6 },
    });
    await elapse(25);
  });

  it('never lets the period pass 3 % over a seeded run, with agents taking and ending calls', async () => {
    const { campaignId } = await pacedCampaign({ agents: 10, dialled: 500, connected: 150 });
    // Ordinary numbers: the simulator draws each outcome from its seeded profile (people, machines, no answer …).
    await insertLeads(
      bed.app.deps.pool,
      bed.team.teamId,
      campaignId,
      Array.from({ length: 400 }, (_, i) => ({
        phone: `+1646${String(2_000_000 + i).padStart(7, '0')}`,
        timezones: ['America/New_York'],
      })),
    );
    let maxRate = 0;
    let aheadTicks = 0;
    for (let tick = 0; tick < 150; tick++) {
      const r = await pace(campaignId);
      if (r.kind === 'paced' && r.mode === 'predictive' && r.placed > 0) aheadTicks++;
      await elapse(2);
      // An agent whose call has ended dispositions it at once and is Ready again (their screen would).
      await q(
        `update agent_sessions s set state = 'ready', call_id = null, lead_id = null, since = $2
         from calls c where s.campaign_id = $1 and c.id = s.call_id and c.status_rank = 4`,
        [campaignId, clock.now()],
      );
      const { rows } = await q<{ live: number; abandoned: number }>(
        `select count(*) filter (where answered_at is not null and outcome = 'human')::int as live,
                count(*) filter (where safe_harbor_at is not null
                  or (agent_connected_at is not null and agent_connected_at > answered_at + interval '2 seconds')
                  or (status_rank = 4 and outcome = 'human' and agent_connected_at is null))::int as abandoned
         from calls where campaign_id = $1 and connect_recorded`,
        [campaignId],
      );
      const counts = rows[0]!;
      if (counts.live > 0) maxRate = Math.max(maxRate, counts.abandoned / counts.live);
    }
    const placed = await lines(campaignId);
    expect(placed.length).toBeGreaterThan(50);
    expect(aheadTicks).toBeGreaterThan(0);
    expect(new Set(placed.map((l) => l.lead_id)).size).toBe(placed.length);
    expect(maxRate).toBeLessThanOrEqual(0.03);
    const overview = await periodFigures(campaignId);
    expect(overview.abandonRate.period.rate).toBeLessThanOrEqual(0.03);
  }, 240_000);

  it('two pacers on one database never dial a lead twice, and only the lease holder paces', async () => {
    const { campaignId } = await pacedCampaign({ agents: 10, dialled: 1000, connected: 200 });
    await insertLeads(
      bed.app.deps.pool,
      bed.team.teamId,
      campaignId,
      testNumbers(90, '0103', 601).map((phone) => ({ phone, timezones: ['America/New_York'] })),
    );
    const pacedBy = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const [a, b] = await Promise.all([pace(campaignId, 'instance-a'), pace(campaignId, 'instance-b')]);
      expect([a.kind, b.kind].filter((k) => k === 'paced').length).toBeLessThanOrEqual(1);
      if (a.kind === 'paced') pacedBy.add('a');
      if (b.kind === 'paced') pacedBy.add('b');
      // The holder stops (its lease runs out): the other instance takes the campaign over.
      await elapse(11);
    }
    const placed = await lines(campaignId);
    expect(placed.length).toBeGreaterThan(20);
    expect(new Set(placed.map((l) => l.lead_id)).size).toBe(placed.length);
    expect(pacedBy.size).toBeGreaterThan(0);
  }, 120_000);
});

async function providerSid(callId: string) {
  const { rows } = await q<{ provider_sid: string | null }>(`select provider_sid from calls where id = $1`, [callId]);
  return rows[0]?.provider_sid ?? null;
}
