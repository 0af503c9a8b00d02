import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveCallableLead } from '../../src/app/dialer/reserve-callable-lead';
import { releaseLead } from '../../src/db/queries/lead-reservations';
import type { TeamScope } from '../../src/core/teams/scope';
import { insertLeads, insertUsers } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// The pick against a real PostgreSQL: order (callbacks first), zones, retry rules, the compliance gate on the
// picked lead, reservations — and that concurrent pickers never share a lead.

let app: TestApp;
let teamId: string;
let owner: Awaited<ReturnType<typeof createTeamWithAgent>>['owner'];
// Tuesday 2026-03-10 15:30 UTC = 11:30 New York (EDT), 10:30 Chicago, 08:30 Los Angeles, 05:30 Honolulu.
let now = new Date('2026-03-10T15:30:00Z');
const clock = { now: () => now };
const deps = () => ({ db: app.deps.db, clock });
const scopeFor = (userId: string): TeamScope => ({ teamId, userId, role: 'agent' });
const q = (text: string, values: unknown[] = []) => app.deps.pool.query(text, values);

beforeAll(async () => {
  app = await startTestApp({ clock });
  const team = await createTeamWithAgent(app, 'Pickers');
  teamId = team.teamId;
  owner = team.owner;
});
afterAll(async () => app?.stop());

async function freshCampaign(body: Record<string, unknown> = {}) {
  return createCampaign(owner, teamId, body);
}

describe('next lead', () => {
  it('gives 20 concurrent pickers 200 leads with no lead twice, then reports nothing callable', async () => {
    const campaignId = await freshCampaign();
    const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles'];
    const leadIds = await insertLeads(
      app.deps.pool,
      teamId,
      campaignId,
      Array.from({ length: 200 }, (_, i) => ({
        timezones: [zones[i % zones.length]!],
        createdAt: new Date(now.getTime() - (i + 1) * 60_000),
      })),
    );
    const users = await insertUsers(app.deps.pool, 20);
    const got: string[][] = users.map(() => []);
    await Promise.all(
      users.map(async (userId, i) => {
        for (;;) {
          const r = await reserveCallableLead(deps(), scopeFor(userId), { campaignId, userId });
          if (r.kind === 'none') return;
          got[i]!.push(r.lead.id);
        }
      }),
    );
    const all = got.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
    expect(new Set(all)).toEqual(new Set(leadIds));
    // Work was spread: every picker got some.
    expect(got.every((g) => g.length > 0)).toBe(true);
    // Each lead is reserved for the picker that got it, and for nobody else.
    const { rows } = await q(`select id, reserved_by from leads where campaign_id = $1`, [campaignId]);
    const holder = new Map(rows.map((r) => [r.id, r.reserved_by]));
    got.forEach((ids, i) => ids.forEach((id) => expect(holder.get(id)).toBe(users[i])));
  });

  it("serves the agent's own due callback first, never another agent's, and not before it is due", async () => {
    const campaignId = await freshCampaign();
    const [alice, bob] = await insertUsers(app.deps.pool, 2);
    const [oldLead] = await insertLeads(app.deps.pool, teamId, campaignId, [
      { createdAt: new Date('2026-01-01T00:00:00Z') },
    ]);
    const [aliceDue, aliceLater] = await insertLeads(app.deps.pool, teamId, campaignId, [
      { status: 'callback', attempts: 1, callbackAt: new Date(now.getTime() - 60_000), callbackUserId: alice! },
      { status: 'callback', attempts: 1, callbackAt: new Date(now.getTime() + 3_600_000), callbackUserId: alice! },
    ]);
    const bobPick = await reserveCallableLead(deps(), scopeFor(bob!), { campaignId, userId: bob! });
    expect(bobPick.kind === 'lead' && bobPick.lead.id).toBe(oldLead);
    const alicePick = await reserveCallableLead(deps(), scopeFor(alice!), { campaignId, userId: alice! });
    expect(alicePick.kind === 'lead' && alicePick.lead.id).toBe(aliceDue);
    expect(alicePick.kind === 'lead' && alicePick.lead.source).toBe('callback');
    expect((await reserveCallableLead(deps(), scopeFor(alice!), { campaignId, userId: alice! })).kind).toBe('none');
    // Both picks are worked and finished (their reservations would otherwise lapse within the hour).
    await q(`update leads set status = 'done', reserved_by = null, callback_at = null where id = any($1)`, [
      [oldLead, aliceDue],
    ]);
    // An hour later the second callback is due, for Alice only.
    now = new Date(now.getTime() + 3_600_000);
    try {
      expect((await reserveCallableLead(deps(), scopeFor(bob!), { campaignId, userId: bob! })).kind).toBe('none');
      const later = await reserveCallableLead(deps(), scopeFor(alice!), { campaignId, userId: alice! });
      expect(later.kind === 'lead' && later.lead.id).toBe(aliceLater);
    } finally {
      now = new Date(now.getTime() - 3_600_000);
    }
  });

  it('picks only zones whose calling window is open, due leads only, and under the attempts limit', async () => {
    const campaignId = await freshCampaign({
      retryRules: { maxAttempts: 2, minGapMinutes: { busy: 30, no_answer: 240, voicemail: 1440 } },
    });
    const [userId] = await insertUsers(app.deps.pool, 1);
    const [, , , callable] = await insertLeads(app.deps.pool, teamId, campaignId, [
      { timezones: ['Pacific/Honolulu'] }, // 05:30 local
      {
        timezones: ['America/New_York'],
        status: 'retry',
        attempts: 1,
        nextAttemptAt: new Date(now.getTime() + 60_000),
      },
      {
        timezones: ['America/New_York'],
        status: 'retry',
        attempts: 2,
        nextAttemptAt: new Date(now.getTime() - 60_000),
      },
      { timezones: ['America/Chicago'], status: 'retry', attempts: 1, nextAttemptAt: new Date(now.getTime() - 60_000) },
      { timezones: ['America/New_York'], status: 'done', attempts: 1 },
      { timezones: ['America/New_York'], dnc: true },
      { timezones: ['America/New_York'], status: 'Hot prospect' }, // an imported status the dialer does not own
    ]);
    const r = await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! });
    expect(r.kind === 'lead' && r.lead.id).toBe(callable);
    expect((await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! })).kind).toBe('none');
  });

  it('runs the full gate on the picked lead: a denied lead gets its next allowed time and the pick moves on', async () => {
    const campaignId = await freshCampaign();
    const [userId] = await insertUsers(app.deps.pool, 1);
    // 09:30 in Kentucky (Eastern part): the federal window is open, Kentucky's opens at 10:00.
    now = new Date('2026-03-10T13:30:00Z');
    try {
      const [kentucky, plain] = await insertLeads(app.deps.pool, teamId, campaignId, [
        { timezones: ['America/New_York'], state: 'KY', createdAt: new Date('2026-01-01T00:00:00Z') },
        { timezones: ['America/New_York'], state: 'NY', createdAt: new Date('2026-01-02T00:00:00Z') },
      ]);
      const r = await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! });
      expect(r.kind).toBe('lead');
      if (r.kind !== 'lead') return;
      expect(r.lead.id).toBe(plain);
      expect(r.decision.allowed).toBe(true);
      expect(r.decision.zones[0]).toMatchObject({
        zone: 'America/New_York',
        localTime: '2026-03-10 09:30:00 Tue',
        open: true,
      });
      // (The picked lead is worked and finished, so only the Kentucky lead is left.)
      await q(`update leads set status = 'done', reserved_by = null where id = $1`, [plain]);
      const { rows } = await q(`select status, next_attempt_at, reserved_by from leads where id = $1`, [kentucky]);
      // Kentucky spans Eastern and Central: 10:00 Central is the last opening of the two.
      expect(rows[0]).toEqual({ status: 'new', next_attempt_at: new Date('2026-03-10T15:00:00Z'), reserved_by: null });
      // Not re-picked before then …
      expect((await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! })).kind).toBe('none');
      // … and picked once it is allowed.
      now = new Date('2026-03-10T15:00:00Z');
      const later = await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! });
      expect(later.kind === 'lead' && later.lead.id).toBe(kentucky);
    } finally {
      now = new Date('2026-03-10T15:30:00Z');
    }
  });

  it('marks a lead whose number is on the team DNC list, and blocks one whose state is unknown', async () => {
    const campaignId = await freshCampaign();
    const [userId] = await insertUsers(app.deps.pool, 1);
    const [listed, badState, good] = await insertLeads(app.deps.pool, teamId, campaignId, [
      { phone: '+12125550999', createdAt: new Date('2026-01-01T00:00:00Z') },
      { state: 'ZZ', createdAt: new Date('2026-01-02T00:00:00Z') },
      { createdAt: new Date('2026-01-03T00:00:00Z') },
    ]);
    await q(`insert into dnc_numbers (team_id, phone, reason) values ($1, '+12125550999', 'asked')`, [teamId]);
    const r = await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! });
    expect(r.kind === 'lead' && r.lead.id).toBe(good);
    const { rows } = await q(`select id, status, dnc from leads where id = any($1) order by created_at`, [
      [listed, badState],
    ]);
    expect(rows).toEqual([
      { id: listed, status: 'done', dnc: true },
      { id: badState, status: 'blocked', dnc: false },
    ]);
  });

  it('releases a skipped lead back to the queue, and lets a reservation nobody keeps alive lapse', async () => {
    const campaignId = await freshCampaign();
    const [userId, other] = await insertUsers(app.deps.pool, 2);
    const [a, b] = await insertLeads(app.deps.pool, teamId, campaignId, [
      { createdAt: new Date('2026-01-01T00:00:00Z') },
      { status: 'retry', attempts: 1, nextAttemptAt: new Date('2026-01-02T00:00:00Z') },
    ]);
    const first = await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! });
    expect(first.kind === 'lead' && first.lead.id).toBe(a);
    // Only the holder can release it.
    expect(await releaseLead(app.deps.db, scopeFor(other!), { leadId: a!, userId: other!, now })).toBe(false);
    expect(await releaseLead(app.deps.db, scopeFor(userId!), { leadId: a!, userId: userId!, now })).toBe(true);
    expect((await q(`select status, reserved_by from leads where id = $1`, [a])).rows[0]).toEqual({
      status: 'new',
      reserved_by: null,
    });

    const second = await reserveCallableLead(deps(), scopeFor(other!), { campaignId, userId: other! });
    const third = await reserveCallableLead(deps(), scopeFor(other!), { campaignId, userId: other! });
    expect([second, third].map((r) => r.kind === 'lead' && r.lead.id)).toEqual([a, b]);
    expect((await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! })).kind).toBe('none');
    // Nobody's heartbeat extends them: two minutes on, both reservations have lapsed and the leads are due again.
    now = new Date(now.getTime() + 121_000);
    try {
      const again = [
        await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! }),
        await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! }),
      ];
      expect(again.map((r) => r.kind === 'lead' && r.lead.id)).toEqual([a, b]);
      const { rows } = await q(`select status, reserved_by from leads where id = any($1) order by created_at`, [
        [a, b],
      ]);
      expect(rows).toEqual([
        { status: 'new', reserved_by: userId },
        { status: 'retry', reserved_by: userId },
      ]);
    } finally {
      now = new Date(now.getTime() - 121_000);
    }
  });

  it("finds nothing in an archived campaign or in another team's campaign", async () => {
    const campaignId = await freshCampaign();
    const [userId] = await insertUsers(app.deps.pool, 1);
    await insertLeads(app.deps.pool, teamId, campaignId, [{}]);
    const otherTeam = await createTeamWithAgent(app, 'Elsewhere');
    const foreign = { teamId: otherTeam.teamId, userId: userId!, role: 'agent' as const };
    expect((await reserveCallableLead(deps(), foreign, { campaignId, userId: userId! })).kind).toBe('none');
    await q(`update campaigns set archived_at = now() where id = $1`, [campaignId]);
    expect((await reserveCallableLead(deps(), scopeFor(userId!), { campaignId, userId: userId! })).kind).toBe('none');
  });
});
