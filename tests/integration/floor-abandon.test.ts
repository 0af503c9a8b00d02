import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignAbandonRate } from '../../src/app/campaigns/get-compliance-report';
import { floorAbandonRate } from '../../src/app/reports/floor-abandon';
import type { TeamScope } from '../../src/core/teams/scope';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// The wallboard's rolling 30-day abandon rate counts the window's settled hours once an hour and the rest on every
// push: it must equal the campaign page's figure, which counts the whole window each time.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let now = new Date('2030-03-01T12:20:00Z');
const CREATED = new Date(now.getTime() - 40 * DAY);

let app: TestApp;
let t: TeamFixture;
let scope: TeamScope;
let campaign: { id: string; createdAt: Date; targetAbandonBp: number };

async function answer(at: Date, abandoned: boolean): Promise<string> {
  const { rows } = await app.deps.pool.query<{ id: string }>(
    `insert into calls (team_id, campaign_id, dialed_number, caller_id, provider, status, status_rank, outcome,
       queued_at, created_at, ringing_at, answered_at, ended_at, connect_recorded, agent_connected_at, safe_harbor_at)
     values ($1, $2, '+12125550100', '+12025550123', 'simulator', 'completed', 4, 'human', $3, $3, $3,
       $3::timestamptz + interval '5 seconds', $3::timestamptz + interval '60 seconds', true,
       case when $4 then null else $3::timestamptz + interval '6 seconds' end,
       case when $4 then $3::timestamptz + interval '7 seconds' end)
     returning id`,
    [t.teamId, campaign.id, at, abandoned],
  );
  return rows[0]!.id;
}

const deps = () => ({ db: app.deps.db, clock: { now: () => now } });
const pageFigure = async () => (await campaignAbandonRate(deps(), scope, campaign)).rolling;

beforeAll(async () => {
  app = await startTestApp({ clock: { now: () => now } });
  t = await createTeamWithAgent(app, 'Wallboard');
  scope = { teamId: t.teamId, userId: 'floor-test', role: 'owner' };
  const id = await createCampaign(t.owner, t.teamId, { name: 'Abandon window' });
  await app.deps.pool.query(`update campaigns set created_at = $1 where id = $2`, [CREATED, id]);
  campaign = { id, createdAt: CREATED, targetAbandonBp: 300 };
  // Live answers over 35 days, every 7 hours and some minutes: inside and outside the window, on its edges.
  for (let h = 0; h < 35 * 24; h += 7) await answer(new Date(now.getTime() - h * HOUR - 13 * 60_000), h % 5 === 0);
});

afterAll(async () => {
  await app?.stop();
});

describe('the floor abandon rate', () => {
  it('equals the campaign page figure as the clock moves and calls are answered', async () => {
    for (let step = 0; step < 4; step++) {
      expect(await floorAbandonRate(deps(), scope, campaign)).toEqual(await pageFigure());
      // A call answered just now, abandoned, counts at once (the recent hours are read on every push).
      await answer(new Date(now.getTime() - 30_000), true);
      expect(await floorAbandonRate(deps(), scope, campaign)).toEqual(await pageFigure());
      // Minutes, then hours: the window's settled hours move on as they are added and taken off.
      now = new Date(now.getTime() + (step % 2 === 0 ? 37 * 60_000 : 3 * HOUR + 11 * 60_000));
    }
    const figure = await floorAbandonRate(deps(), scope, campaign);
    expect(figure.liveAnswered).toBeGreaterThan(90);
    expect(figure.abandoned).toBeGreaterThan(20);
  });

  it('keeps the settled hours for a day at most: a change to an old call shows once they are counted afresh', async () => {
    const before = await floorAbandonRate(deps(), scope, campaign);
    // A call answered ten days ago, recorded only now (not something the product does, but the kept counts' limit).
    await answer(new Date(now.getTime() - 10 * DAY), false);
    expect(await floorAbandonRate(deps(), scope, campaign)).toEqual(before);
    expect((await pageFigure()).liveAnswered).toBe(before.liveAnswered + 1);
    // Hours later the window has moved on by adding and removing hours, still without it.
    now = new Date(now.getTime() + 5 * HOUR);
    expect((await floorAbandonRate(deps(), scope, campaign)).liveAnswered).toBe((await pageFigure()).liveAnswered - 1);
    // A day after the last whole count, the settled hours are counted afresh.
    now = new Date(now.getTime() + DAY);
    expect(await floorAbandonRate(deps(), scope, campaign)).toEqual(await pageFigure());
  });
});
