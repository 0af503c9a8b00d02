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
};

async function insertCall(r: Row) {
  const queued = r.ringingAt ?? r.answeredAt ?? r.endedAt ?? CREATED;
  await app.deps.pool.query(
    `insert into calls (team_id, campaign_id, dialed_number, caller_id, provider, status, status_rank, outcome, amd_result,
       queued_at, created_at, ringing_at, answered_at, ended_at, end_inferred)
     values ($1, $2, '+12125550100', '+12025550123', 'simulator', $3, 4, $4, $5, $6, $6, $7, $8, $9, $10)`,
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
  // Period 1: two live answers; the other campaign's answer counts for neither.
  await insertCall(answered(31));
  await insertCall(answered(44));
  await insertCall(answered(40, { campaign: otherCampaignId }));

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
  it('counts live answers exactly in the current period and the rolling 30 days, leaves the unknowable abandons blank', async () => {
    const res = await t.owner.get(`/api/teams/${t.teamId}/dashboard/campaigns/${campaignId}`);
    expect(res.status).toBe(200);
    expect(res.json.abandonRate).toEqual({
      period: {
        index: 1,
        from: at(30).toISOString(),
        to: at(60).toISOString(),
        liveAnswered: 2,
        abandoned: null,
        rate: null,
        overLimit: null,
      },
      rolling: {
        from: at(15).toISOString(),
        to: NOW.toISOString(),
        liveAnswered: 3,
        abandoned: null,
        rate: null,
        overLimit: null,
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
      [1, 2, null],
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
    expect(lines).toContain('Period,From,To (exclusive),Live answered,Abandoned,Abandon rate (%),Target (%)');
    expect(lines).toContain('2,2030-02-14T12:00:00.000Z,2030-03-16T12:00:00.000Z,2,,,2.50');
    expect(lines).toContain('1,2030-01-15T12:00:00.000Z,2030-02-14T12:00:00.000Z,3,,,2.50');
    expect(lines).toContain('20 to 29,2');
    expect(lines).toContain('Under 15 s,2');
    expect(lines).toContain('Ring time not recorded,2');

    const agent = await t.agent.get(`/api/teams/${t.teamId}/dashboard/campaigns/${campaignId}/compliance.csv`);
    expect(agent.status).toBe(403);
  });
});
