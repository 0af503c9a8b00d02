import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// The campaign page's abandon figures and the compliance report, computed from seeded call rows on a fixed clock.
const NOW = new Date('2030-03-01T12:00:00Z');
const DAY = 86_400_000;
const CREATED = new Date(NOW.getTime() - 45 * DAY); // period 1 began 15 days ago
const at = (days: number, sec = 0) => new Date(CREATED.getTime() + days * DAY + sec * 1000);

let app: TestApp;
let t: TeamFixture;
let campaignId: string;
let otherCampaignId: string;

type Row = {
  campaign?: string;
  status: string;
  outcome?: string | null;
  amdResult?: string | null;
  ringingAt?: Date | null;
  answeredAt?: Date | null;
  endedAt?: Date | null;
  endInferred?: boolean;
  statusRank?: number;
  /** Placed since calls record how their answer was routed (decision 0025). */
  recorded?: boolean;
  agentConnectedAt?: Date | null;
  safeHarborAt?: Date | null;
};

async function insertCall(r: Row) {
  const queued = r.ringingAt ?? r.answeredAt ?? r.endedAt ?? CREATED;
  await app.deps.pool.query(
    `insert into calls (team_id, campaign_id, dialed_number, caller_id, provider, status, status_rank, outcome, amd_result,
       queued_at, created_at, ringing_at, answered_at, ended_at, end_inferred, connect_recorded, agent_connected_at,
       safe_harbor_at)
     values ($1, $2, '+12125550100', '+12025550123', 'simulator', $3, $11, $4, $5, $6, $6, $7, $8, $9, $10, $12, $13, $14)`,
    [
      t.teamId,
      r.campaign ?? campaignId,
      r.status,
      r.outcome ?? null,
      r.amdResult ?? null,
      queued,
      r.ringingAt ?? null,
      r.answeredAt ?? null,
      r.endedAt ?? null,
      r.endInferred ?? false,
      r.statusRank ?? 4,
      r.recorded ?? false,
      r.agentConnectedAt ?? null,
      r.safeHarborAt ?? null,
    ],
  );
}

beforeAll(async () => {
  app = await startTestApp({ clock: { now: () => NOW } });
  t = await createTeamWithAgent(app, 'Compliance');
  campaignId = await createCampaign(t.owner, t.teamId, { name: '=SUM(1) outreach' });
  otherCampaignId = await createCampaign(t.owner, t.teamId, { name: 'Other' });
  await app.deps.pool.query(`update campaigns set created_at = $1 where id = $2`, [CREATED, campaignId]);

  const answered = (days: number, extra: Partial<Row> = {}): Row => ({
    status: 'completed',
    outcome: 'human',
    ringingAt: at(days),
    answeredAt: at(days, 6),
    endedAt: at(days, 90),
    ...extra,
  });
  // Period 0: three live answers (one in the rolling 30 days), a machine that does not count, an AMD-off answer
  // that does (nothing tells it from a person).
  await insertCall(answered(2));
  await insertCall(answered(5, { outcome: null }));
  await insertCall(answered(5, { outcome: 'machine', amdResult: 'machine' }));
  await insertCall(answered(20));
  // Period 1: two live answers from before the connect records; the other campaign's answer counts for neither.
  await insertCall(answered(31));
  await insertCall(answered(44));
  await insertCall(answered(40, { campaign: otherCampaignId }));
  // … and six with them: connected at once, connected exactly 2 s after the answer (in time), connected 3 s after
  // (abandoned), given the safe-harbor message (abandoned), ended with no agent ever (abandoned), and one answered a
  // second ago with no routing yet (not counted as abandoned until it is). A machine given the message is no live
  // answer at all.
  const recorded = (days: number, extra: Partial<Row> = {}) => answered(days, { recorded: true, ...extra });
  await insertCall(recorded(35, { agentConnectedAt: at(35, 6) }));
  await insertCall(recorded(36, { agentConnectedAt: at(36, 8) }));
  await insertCall(recorded(37, { agentConnectedAt: at(37, 9) }));
  await insertCall(recorded(38, { safeHarborAt: at(38, 6), endedAt: at(38, 16) }));
  await insertCall(recorded(39));
  await insertCall(
    recorded(44, {
      status: 'in-progress',
      statusRank: 3,
      outcome: null,
      answeredAt: new Date(NOW.getTime() - 1000),
      endedAt: null,
    }),
  );
  await insertCall(recorded(41, { outcome: 'machine', amdResult: 'machine', safeHarborAt: at(41, 6) }));

  // Unanswered calls: rang 20 s, 25 s, 8 s (hung up while ringing), 14.9 s; one never reported ringing, one whose
  // end was inferred after the provider lost it; a busy line and an answered call are not unanswered rings.
  const rang = (sec: number, status = 'no-answer'): Row => ({
    status,
    outcome: status === 'canceled' ? 'canceled' : 'no_answer',
    ringingAt: at(10),
    endedAt: new Date(at(10).getTime() + sec * 1000),
  });
  await insertCall(rang(20));
  await insertCall(rang(25));
  await insertCall(rang(8, 'canceled'));
  await insertCall(rang(14.9));
  await insertCall({ status: 'no-answer', outcome: 'no_answer', endedAt: at(11) });
  await insertCall({ ...rang(30), endInferred: true });
  await insertCall({ status: 'busy', outcome: 'busy', endedAt: at(12) });
  await insertCall({ ...rang(3, 'no-answer'), campaign: otherCampaignId });
});
afterAll(async () => app?.stop());

describe('abandon rate on the campaign page', () => {
  it('counts the legal rate over the answers with connect records, and the older answers apart', async () => {
    const res = await t.owner.get(`/api/teams/${t.teamId}/dashboard/campaigns/${campaignId}`);
    expect(res.status).toBe(200);
    expect(res.json.abandonRate).toEqual({
      period: {
        index: 1,
        from: at(30).toISOString(),
        to: at(60).toISOString(),
        liveAnswered: 8,
        unrecorded: 2,
        abandoned: 3,
        withMessage: 1,
        rate: 0.5,
        overLimit: true,
      },
      rolling: {
        from: at(15).toISOString(),
        to: NOW.toISOString(),
        liveAnswered: 9,
        unrecorded: 3,
        abandoned: 3,
        withMessage: 1,
        rate: 0.5,
        overLimit: true,
      },
      targetBp: 250,
    });
  });
});

describe('compliance report', () => {
  it('gives live answers by 30-day period and the ring times of unanswered calls', async () => {
    const res = await t.owner.get(`/api/teams/${t.teamId}/dashboard/campaigns/${campaignId}/compliance`);
    expect(res.status).toBe(200);
    const r = res.json;
    expect(r.targetBp).toBe(250);
    expect(
      r.periods.map((p: { index: number; liveAnswered: number; rate: null }) => [p.index, p.liveAnswered, p.rate]),
    ).toEqual([
      [1, 8, 0.5],
      // Only answers from before the connect records: the rate is not known, and not guessed.
      [0, 3, null],
    ]);
    expect(r.ringTimes).toMatchObject({ measured: 4, underMinimum: 2, unmeasured: 2, minimumSec: 15 });
    const buckets = Object.fromEntries(
      r.ringTimes.buckets.map((b: { fromSec: number; calls: number }) => [b.fromSec, b.calls]),
    );
    expect(buckets).toEqual({ 0: 0, 5: 1, 10: 1, 15: 0, 20: 2, 30: 0, 45: 0, 60: 0 });
  });

  it('exports the same figures as a formula-safe CSV, and is for admins only', async () => {
    const res = await t.owner.get(`/api/teams/${t.teamId}/dashboard/campaigns/${campaignId}/compliance.csv`);
    expect(res.status).toBe(200);
    const lines = res.text.replace(/^\uFEFF/, '').split('\n');
    expect(lines[0]).toBe(`Campaign,'=SUM(1) outreach`);
    expect(lines).toContain(
      'Period,From,To (exclusive),Live answered,Abandoned,Abandon rate (%),Target (%),Live answered without connect records,Safe-harbor message played',
    );
    expect(lines).toContain('2,2030-02-14T12:00:00.000Z,2030-03-16T12:00:00.000Z,8,3,50.00,2.50,2,1');
    expect(lines).toContain('1,2030-01-15T12:00:00.000Z,2030-02-14T12:00:00.000Z,3,,,2.50,3,0');
    expect(lines).toContain('20 to 29,2');
    expect(lines).toContain('Under 15 s,2');
    expect(lines).toContain('Ring time not recorded,2');

    const agent = await t.agent.get(`/api/teams/${t.teamId}/dashboard/campaigns/${campaignId}/compliance.csv`);
    expect(agent.status).toBe(403);
  });
});
