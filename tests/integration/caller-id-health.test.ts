import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCallerIdHealth } from '../../src/app/telephony/caller-id-health';
import { startProviderCall } from '../../src/app/telephony/start-provider-call';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Caller-ID health on a controlled clock: the hourly job rests the number callees stopped answering (figures read
 * from the rollups), logs it and mails the admins; selection skips it, except in a pool where every number rests;
 * after the rest period the job revives it.
 */
let now = new Date('2026-12-05T16:00:00Z');
let app: TestApp;
let team: TeamFixture;
let campaignId: string;
const BAD = '+14155550108';
const GOOD = [1, 2, 3, 4, 5, 6, 7].map((i) => `+1202555010${i}`);
const ids = new Map<string, string>();

async function calls(callerId: string, total: number, answered: number, queuedAt: Date) {
  for (let i = 0; i < total; i++) {
    const outcome = i < answered ? 'human' : 'no_answer';
    await app.deps.pool.query(
      `insert into calls (team_id, dialed_number, caller_id, provider, status, status_rank, outcome, duration_sec, queued_at)
       values ($1, '+13125550100', $2, 'simulator', $3, 4, $4, 30, $5)`,
      [team.teamId, callerId, outcome === 'human' ? 'completed' : 'no-answer', outcome, queuedAt],
    );
  }
}

async function dialFrom(to: string, campaign: string | null = null) {
  const r = await startProviderCall(app.deps, {
    teamId: team.teamId,
    to,
    campaignId: campaign,
    record: false,
    amd: false,
  });
  if (!r.ok) throw new Error(r.message);
  return r.call.callerId;
}

const health = async () => (await team.owner.get(`/api/teams/${team.teamId}/caller-ids/health`)).json;

beforeAll(async () => {
  app = await startTestApp({ clock: { now: () => now }, env: { SIMULATOR_NUMBERS: [...GOOD, BAD].join(',') } });
  team = await createTeamWithAgent(app, 'Health');
  for (const e164 of [...GOOD, BAD]) {
    const { rows } = await app.deps.pool.query<{ id: string }>(
      `insert into phone_numbers (team_id, e164, source, daily_cap) values ($1, $2, 'simulator', 1000) returning id`,
      [team.teamId, e164],
    );
    ids.set(e164, rows[0]!.id);
  }
  const yesterday = new Date(now.getTime() - 86_400_000);
  for (const e164 of GOOD) await calls(e164, 50, 15, yesterday);
  await calls(BAD, 50, 2, yesterday);
  // Long before the window: the bad number was fine then, and these must not count.
  await calls(BAD, 200, 60, new Date(now.getTime() - 10 * 86_400_000));
  campaignId = await createCampaign(team.owner, team.teamId);
});

afterAll(async () => {
  await app?.stop();
});

describe('caller-ID health', () => {
  it('rests the number whose answer rate fell under 0.4× the pool median, logs it and tells the admins', async () => {
    expect(await checkCallerIdHealth(app.deps)).toEqual({ rested: 1, revived: 0 });
    const h = await health();
    expect(h.poolMedian).toBe(0.3);
    expect(h.numbers.find((n: { e164: string }) => n.e164 === BAD)).toMatchObject({
      status: 'resting',
      calls: 50,
      answered: 2,
      answerRate: 0.04,
      restedUntil: '2026-12-09T16:00:00.000Z',
    });
    expect(h.numbers.filter((n: { status: string }) => n.status === 'in_use')).toHaveLength(7);
    expect(h.events).toEqual([
      expect.objectContaining({ e164: BAD, kind: 'rested', calls: 50, answered: 2, poolMedian: 0.3 }),
    ]);
    const mail = (await team.owner.get('/api/dev/mail')).json.messages.filter(
      (m: { subject: string }) => m.subject === 'A caller ID of your team is resting',
    );
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain(`${BAD}: 2 of 50 calls answered (4.0 %) against a pool median of 30.0 %`);
    // Running again changes nothing: the number already rests.
    expect(await checkCallerIdHealth(app.deps)).toEqual({ rested: 0, revived: 0 });
  });

  it('skips the resting number even for a lead in its area code', async () => {
    expect(await dialFrom('+14155552671')).not.toBe(BAD);
  });

  it('still dials from a resting number when it is all the campaign has', async () => {
    const put = await team.owner.request('PUT', `/api/teams/${team.teamId}/caller-ids/pools/${campaignId}`, {
      phoneNumberIds: [ids.get(BAD)],
      defaultId: ids.get(BAD),
    });
    expect(put.status).toBe(200);
    expect(await dialFrom('+13125550199', campaignId)).toBe(BAD);
  });

  it('revives the number after the rest period, and selection offers it again', async () => {
    now = new Date('2026-12-09T15:59:00Z');
    expect(await checkCallerIdHealth(app.deps)).toEqual({ rested: 0, revived: 0 });
    now = new Date('2026-12-09T16:13:00Z');
    expect(await checkCallerIdHealth(app.deps)).toEqual({ rested: 0, revived: 1 });
    const h = await health();
    expect(h.numbers.find((n: { e164: string }) => n.e164 === BAD)).toMatchObject({
      status: 'in_use',
      restedUntil: null,
    });
    expect(h.events.map((e: { kind: string }) => e.kind)).toEqual(['revived', 'rested']);
    expect(await dialFrom('+14155552671')).toBe(BAD);
  });

  it('lets admins change the rule and says what is wrong with a bad value', async () => {
    const url = `/api/teams/${team.teamId}/caller-ids/health`;
    const bad = await team.owner.request('PUT', url, { ...(await health()).settings, ratio: 2 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('At most 1');
    const ok = await team.owner.request('PUT', url, { ...(await health()).settings, restDays: 7 });
    expect(ok.status).toBe(200);
    expect((await health()).settings.restDays).toBe(7);
    expect((await team.agent.request('PUT', url, { ...(await health()).settings, restDays: 2 })).status).toBe(403);
  });
});
