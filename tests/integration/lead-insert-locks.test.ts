import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StorableLead } from '../../src/core/imports/rows';
import { insertLeadsReportingEach } from '../../src/db/queries/lead-inserts';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let team: TeamFixture;
let campaignId: string;

beforeAll(async () => {
  app = await startTestApp();
  team = await createTeamWithAgent(app, 'Lockstep');
  campaignId = await createCampaign(team.owner, team.teamId, { name: 'Overlapping senders' });
});
afterAll(async () => app?.stop());

const lead = (phone: string): StorableLead => ({
  phone,
  altPhones: [],
  firstName: null,
  lastName: null,
  email: null,
  address: null,
  city: null,
  state: null,
  zip: null,
  timezones: ['America/Chicago'],
  status: 'new',
  tags: [],
  custom: {},
  notes: null,
});

/** Statements of this database waiting for a row lock on an insert into leads. */
const waitingInserts = async () =>
  (
    await app.deps.pool.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock' and query like '%insert into leads%'`,
    )
  ).rows[0]!.n;

describe('inserting leads from overlapping batches at once', () => {
  it('takes the numbers in one order, so two batches wait for each other instead of deadlocking', async () => {
    const scope = { teamId: team.teamId };
    const low = '+13125550401';
    const high = '+13125550402';
    let blockedSeen!: () => void;
    const secondIsWaiting = new Promise<void>((resolve) => (blockedSeen = resolve));
    let firstHolds!: () => void;
    const firstHasLow = new Promise<void>((resolve) => (firstHolds = resolve));

    // The first batch has inserted the lower number and keeps its transaction open …
    const first = app.deps.db.transaction(async (tx) => {
      await insertLeadsReportingEach(tx, scope, campaignId, [lead(low)], new Date());
      firstHolds();
      await secondIsWaiting;
      // … then inserts the higher one, which the second batch lists first. Taken in the order listed, the second
      // batch would hold it by now and the two would deadlock.
      return insertLeadsReportingEach(tx, scope, campaignId, [lead(high)], new Date());
    });
    await firstHasLow;
    const second = insertLeadsReportingEach(app.deps.db, scope, campaignId, [lead(high), lead(low)], new Date());
    await vi.waitFor(async () => expect(await waitingInserts()).toBe(1), { timeout: 10_000, interval: 20 });
    blockedSeen();

    const firstStored = await first;
    expect([...firstStored.keys()]).toEqual([high]);
    // Both numbers were the first batch's by the time the second went on: it reports neither as created.
    expect((await second).size).toBe(0);
    const { rows } = await app.deps.pool.query('select phone from leads where campaign_id = $1 order by phone', [
      campaignId,
    ]);
    expect(rows.map((r) => r.phone)).toEqual([low, high]);
  });
});
