import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamScope } from '../../src/core/teams/scope';
import { addDncNumbers } from '../../src/db/queries/dnc';
import { deleteTeamRow } from '../../src/db/queries/deletion';
import { applyLeadOutcome, claimLeadForDial } from '../../src/db/queries/lead-dial-writes';
import { insertLeadsReportingEach, type NewLead } from '../../src/db/queries/lead-inserts';
import { markLeadDnc, reserveNextLead } from '../../src/db/queries/lead-reservations';
import {
  compareLeadStatesWithLeads,
  foldLeadStateDeltas,
  rebuildLeadStates,
} from '../../src/db/queries/lead-state-counts';
import { bulkCopy, bulkDelete, bulkMove } from '../../src/db/queries/leads';
import { listCampaigns } from '../../src/db/queries/campaigns';
import { countListPenetration, countListPenetrationFromLeads } from '../../src/db/queries/list-penetration';
import { foldLeadStates } from '../../src/app/reports/fold-lead-states';
import { seededDraws } from '../support/seeded-random';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The list-penetration counts (lead_state_counts plus pending deltas) must say exactly what the leads say after any
 * mix of the product's own lead writes: imports, picks and dials, dispositions, do-not-call adds, moves, copies and
 * deletions, folded at random moments — and equal the direct count over the leads the report used before.
 */
let app: TestApp;
let scope: TeamScope;
let otherScope: TeamScope;
let campaignIds: string[];
let agentIds: string[];

const ZONE = 'America/New_York';
// A Tuesday afternoon in New York: the zone's calling hours are open.
const NOW = new Date('2026-03-10T19:00:00Z');

const lead = (phone: string): NewLead => ({
  phone,
  altPhones: [],
  firstName: null,
  lastName: null,
  email: null,
  address: null,
  city: null,
  state: null,
  zip: null,
  timezones: [ZONE],
  status: 'new',
  tags: [],
  custom: {},
  notes: null,
});

beforeAll(async () => {
  app = await startTestApp();
  const pool = app.deps.pool;
  const tag = Math.random().toString(16).slice(2, 10);
  agentIds = (
    await pool.query<{ id: string }>(
      `insert into users (id, name, email) select 'state-agent-' || $1 || g, 'Agent ' || g, 'state-' || $1 || g || '@example.test'
       from generate_series(1, 3) g returning id`,
      [tag],
    )
  ).rows.map((r) => r.id);
  const team = async (name: string) =>
    (await pool.query<{ id: string }>(`insert into teams (name) values ($1) returning id`, [name])).rows[0]!.id;
  scope = { teamId: await team('Lead state team'), userId: agentIds[0]!, role: 'owner' };
  otherScope = { teamId: await team('Other lead state team'), userId: agentIds[0]!, role: 'owner' };
  campaignIds = (
    await pool.query<{ id: string }>(
      `insert into campaigns (team_id, name, calling_window, retry_rules, dispositions)
       select $1, 'State campaign ' || g, '{}', jsonb_build_object('maxAttempts', g + 1), '[]'
       from generate_series(1, 3) g returning id`,
      [scope.teamId],
    )
  ).rows.map((r) => r.id);
});
afterAll(async () => {
  await app?.stop();
});

async function leadIds(teamId: string): Promise<{ id: string; phone: string; campaign_id: string }[]> {
  return (
    await app.deps.pool.query<{ id: string; phone: string; campaign_id: string }>(
      `select id, phone, campaign_id from leads where team_id = $1 order by id`,
      [teamId],
    )
  ).rows;
}

async function expectCountsAgree() {
  expect(await compareLeadStatesWithLeads(app.deps.db, scope.teamId)).toEqual([]);
  const byId = (xs: { campaignId: string }[]) => [...xs].sort((a, b) => a.campaignId.localeCompare(b.campaignId));
  expect(byId(await countListPenetration(app.deps.db, scope))).toEqual(
    byId(await countListPenetrationFromLeads(app.deps.db, scope)),
  );
  // The campaigns list's lead counts come from the same counts, archived campaigns included.
  const listed = await listCampaigns(app.deps.db, scope, { includeArchived: true });
  const counted = await app.deps.pool.query<{ id: string; n: number }>(
    `select c.id, count(l.id)::int as n from campaigns c left join leads l on l.campaign_id = c.id
     where c.team_id = $1 group by c.id`,
    [scope.teamId],
  );
  expect(Object.fromEntries(listed.map((c) => [c.id, c.leadCount]))).toEqual(
    Object.fromEntries(counted.rows.map((r) => [r.id, r.n])),
  );
}

describe('lead state counts', () => {
  it('equal the leads and the direct count after a seeded random run of lead writes', async () => {
    const db = app.deps.db;
    const rnd = seededDraws(16);
    let phone = 0;
    const nextPhones = (n: number) =>
      Array.from({ length: n }, () => `+1212555${String(phone++ % 10_000).padStart(4, '0')}`);
    // The other team's leads must never show up in this team's counts.
    const otherCampaign = (
      await app.deps.pool.query<{ id: string }>(
        `insert into campaigns (team_id, name, calling_window, retry_rules, dispositions)
         values ($1, 'Other', '{}', '{}', '[]') returning id`,
        [otherScope.teamId],
      )
    ).rows[0]!.id;
    await insertLeadsReportingEach(db, otherScope, otherCampaign, nextPhones(20).map(lead), NOW);

    for (let step = 0; step < 300; step++) {
      const leads = await leadIds(scope.teamId);
      const some = () => rnd.pick(leads);
      const action = leads.length < 30 ? 0 : rnd.int(9);
      if (action === 0) {
        // An import batch, with some numbers the campaign already has (duplicates add nothing).
        const phones = [...nextPhones(1 + rnd.int(15)), ...(leads.length > 0 ? [some().phone] : [])];
        await insertLeadsReportingEach(db, scope, rnd.pick(campaignIds), phones.map(lead), NOW);
      } else if (action <= 3) {
        // An agent picks and dials, then dispositions the lead.
        const userId = rnd.pick(agentIds);
        const picked = await reserveNextLead(db, scope, {
          campaignId: rnd.pick(campaignIds),
          userId,
          zones: [ZONE],
          now: NOW,
          reserveUntil: new Date(NOW.getTime() + 60_000),
        });
        if (!picked) continue;
        await claimLeadForDial(db, scope, {
          leadId: picked.lead.id,
          userId,
          now: NOW,
          provisionalNextAttempt: new Date(NOW.getTime() - 1000),
          reservedUntil: new Date(NOW.getTime() + 60_000),
        });
        if (rnd.next() < 0.8) {
          const status = rnd.pick(['retry', 'retry', 'callback', 'done'] as const);
          await applyLeadOutcome(db, scope, {
            leadId: picked.lead.id,
            status,
            nextAttemptAt: null,
            callbackAt: status === 'callback' ? new Date(NOW.getTime() - 1000) : null,
            callbackUserId: status === 'callback' ? userId : null,
            lastDisposition: status,
            dnc: rnd.next() < 0.1,
            now: NOW,
          });
        }
      } else if (action === 4) {
        await addDncNumbers(
          db,
          { teamId: scope.teamId, userId: scope.userId },
          [{ phone: some().phone, reason: 'asked' }],
          'manual',
          NOW,
        );
      } else if (action === 5) {
        await markLeadDnc(db, scope, { leadId: some().id, now: NOW });
      } else if (action === 6) {
        await bulkMove(db, scope, { ids: [some().id, some().id] }, rnd.pick(campaignIds), NOW);
      } else if (action === 7) {
        await bulkCopy(db, scope, { ids: [some().id, some().id, some().id] }, rnd.pick(campaignIds), NOW);
      } else {
        await bulkDelete(db, scope, { ids: [some().id, some().id] });
      }
      if (rnd.next() < 0.1) await foldLeadStateDeltas(db, 1 + rnd.int(20));
      if (step % 50 === 49) await expectCountsAgree();
    }
    await expectCountsAgree();
    // The job's handler folds everything pending (the app's scheduled run may have folded some already); the counts
    // alone then say what the leads say.
    await foldLeadStates({ db });
    expect((await app.deps.pool.query(`select 1 from lead_state_deltas`)).rowCount).toBe(0);
    await expectCountsAgree();

    // The report's states read with each campaign's attempt limit as it is now: changing it needs no recount.
    await app.deps.pool.query(`update campaigns set retry_rules = '{"maxAttempts": 1}' where id = $1`, [
      campaignIds[2],
    ]);
    await expectCountsAgree();
    const penetration = await countListPenetration(db, scope);
    expect(penetration.reduce((n, c) => n + c.leads, 0)).toBe((await leadIds(scope.teamId)).length);
    expect(penetration.some((c) => c.inProgress > 0 && c.final > 0 && c.untouched > 0)).toBe(true);

    expect(await rebuildLeadStates(db, scope.teamId)).toMatchObject({ leadStatesDisagreed: 0 });
    await expectCountsAgree();
  });

  it('go with a deleted campaign and a deleted team, and a rebuild corrects a wrong count', async () => {
    const db = app.deps.db;
    const pool = app.deps.pool;
    const [gone] = (
      await pool.query<{ id: string }>(
        `insert into campaigns (team_id, name, calling_window, retry_rules, dispositions)
         values ($1, 'Going', '{}', '{}', '[]') returning id`,
        [scope.teamId],
      )
    ).rows;
    await insertLeadsReportingEach(db, scope, gone!.id, ['+13125550001', '+13125550002'].map(lead), NOW);
    await pool.query(`delete from campaigns where id = $1`, [gone!.id]);
    await deleteTeamRow(db, otherScope.teamId);
    const left = await pool.query(
      `select (select count(*) from lead_state_counts where team_id = $1 or campaign_id = $2)::int
        + (select count(*) from lead_state_deltas where team_id = $1 or campaign_id = $2)::int as n`,
      [otherScope.teamId, gone!.id],
    );
    expect(left.rows[0].n).toBe(0);
    await expectCountsAgree();

    // A count gone wrong (a delta nobody made) shows in the check, and the rebuild puts it right.
    await pool.query(
      `insert into lead_state_deltas (team_id, campaign_id, attempts, status, dnc, leads) values ($1, $2, 0, 'new', false, 5)`,
      [scope.teamId, campaignIds[0]],
    );
    expect(await compareLeadStatesWithLeads(db, scope.teamId)).toHaveLength(1);
    expect(await rebuildLeadStates(db, scope.teamId)).toMatchObject({ leadStatesDisagreed: 1 });
    await expectCountsAgree();
  });
});
