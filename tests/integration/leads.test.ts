import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { importFile } from '../support/import-helpers';

let app: TestApp;
let t: TeamFixture;
let campA: string;
let campB: string;
const q = async (text: string, params: unknown[] = []) => (await app.deps.pool.query(text, params)).rows;
const e164 = (i: number) => `+1415555${String(i).padStart(4, '0')}`;

// 30 leads in campaign A: Smiths in California, Joneses in New York, tags by parity, a formula-looking note.
const fileA = [
  'First Name,Last Name,Phone,Email,State,Tags,Notes,Plan Tier',
  ...Array.from({ length: 30 }, (_, i) => {
    const n = i + 1;
    const smith = n <= 15;
    return [
      `Person${n}`,
      smith ? 'Smith' : 'Jones',
      `(415) 555-${String(n).padStart(4, '0')}`,
      `p${n}@${smith ? 'acme' : 'globex'}.com`,
      smith ? 'CA' : 'NY',
      n % 2 === 0 ? 'even' : 'odd',
      n === 7 ? '=HYPERLINK("http://evil")' : `note ${n}`,
      n % 3 === 0 ? 'gold' : '',
    ].join(',');
  }),
].join('\n');

beforeAll(async () => {
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false' } });
  t = await createTeamWithAgent(app, 'Leaders');
  campA = await createCampaign(t.owner, t.teamId, { name: 'Alpha leads', agentMemberIds: [t.agentMemberId] });
  campB = await createCampaign(t.owner, t.teamId, { name: 'Bravo leads' });
  const { import: imp } = await importFile(app, t.owner, t.teamId, campA, fileA);
  expect(imp.counts.imported).toBe(30);
  await importFile(app, t.owner, t.teamId, campB, 'Name,Phone\nBea Bravo,(212) 555-0101\n');
  // Spread the creation times and attempts so sorting and ranges have something to bite on.
  await q(
    `update leads set created_at = '2026-01-01'::timestamptz + (substr(phone, 9)::int || ' days')::interval,
             attempts = substr(phone, 9)::int % 4 where campaign_id = $1`,
    [campA],
  );
});
afterAll(async () => app?.stop());

const list = async (query: Record<string, string>, client = t.owner) =>
  (await client.get(`/api/teams/${t.teamId}/leads?${new URLSearchParams(query)}`)).json;
const phonesOf = (page: { leads: { phone: string }[] }) => page.leads.map((l) => l.phone);

describe('lead table', () => {
  it('pages newest first with a bounded total, and lists the custom columns', async () => {
    const first = await list({ campaignId: campA, limit: '10' });
    expect(first).toMatchObject({ total: 30, totalCapped: false, hasMore: true, customKeys: ['plan_tier'] });
    expect(phonesOf(first)).toEqual(Array.from({ length: 10 }, (_, i) => e164(30 - i)));
    const last = await list({ campaignId: campA, limit: '10', offset: '20' });
    expect(last.hasMore).toBe(false);
    expect(phonesOf(last).at(-1)).toBe(e164(1));
    expect(first.leads[0]).toMatchObject({
      firstName: 'Person30',
      custom: { plan_tier: 'gold' },
      timezones: ['America/New_York'],
    });
    expect((await t.owner.get(`/api/teams/${t.teamId}/leads?offset=20000`)).status).toBe(400);
  });

  it('counts exactly up to 1,000 and estimates beyond, saying so', async () => {
    const big = await createCampaign(t.owner, t.teamId, { name: 'Big list' });
    await q(
      `insert into leads (team_id, campaign_id, phone, timezones) select $1, $2, '+1646' || lpad(g::text, 7, '0'), '{America/New_York}' from generate_series(1, 2500) g`,
      [t.teamId, big],
    );
    await q('analyze leads');
    const page = await list({ campaignId: big, limit: '10' });
    expect(page.totalCapped).toBe(true);
    // The planner's estimate, not a capped "1,000": near the real 2,500.
    expect(page.total).toBeGreaterThan(1500);
    expect(page.total).toBeLessThan(4000);
    const exact = await list({ campaignId: big, limit: '10', q: '6460000001' });
    expect(exact).toMatchObject({ total: 1, totalCapped: false });
    // The other tests count the team's leads: this list goes again.
    await q('delete from campaigns where id = $1', [big]);
  });

  it('filters by status, tag, time zone, attempts, creation date and DNC', async () => {
    expect((await list({ campaignId: campA, tag: 'even' })).total).toBe(15);
    expect((await list({ campaignId: campA, timezone: 'America/Los_Angeles' })).total).toBe(15);
    expect((await list({ campaignId: campA, status: 'new' })).total).toBe(30);
    expect((await list({ campaignId: campA, status: 'done' })).total).toBe(0);
    expect(
      phonesOf(await list({ campaignId: campA, attemptsMin: '3', attemptsMax: '3', sort: 'phone', dir: 'asc' })),
    ).toEqual([3, 7, 11, 15, 19, 23, 27].map(e164));
    expect((await list({ campaignId: campA, createdFrom: '2026-01-05', createdTo: '2026-01-10' })).total).toBe(5);
    expect((await list({ dnc: 'yes' })).total).toBe(0);
    expect((await list({})).total).toBe(31);
  });

  it('searches names, e-mails and phone numbers however they are typed', async () => {
    expect((await list({ campaignId: campA, q: 'smi' })).total).toBe(15);
    expect((await list({ q: 'globex' })).total).toBe(15);
    expect(phonesOf(await list({ q: 'person12 smith' }))).toEqual([e164(12)]);
    for (const typed of ['(415) 555-0012', '415.555.0012', '+1 415 555 0012', '4155550012', '555-0012']) {
      expect(phonesOf(await list({ q: typed })), typed).toEqual([e164(12)]);
    }
    expect((await list({ q: '212 555' })).total).toBe(1);
    expect((await list({ q: '100%_' })).total).toBe(0);
  });

  it('sorts by name', async () => {
    const page = await list({ campaignId: campA, sort: 'name', dir: 'asc', limit: '30' });
    expect(page.leads.slice(0, 15).every((l: { lastName: string }) => l.lastName === 'Jones')).toBe(true);
  });

  it('shows agents only the leads of their campaigns', async () => {
    expect((await list({}, t.agent)).total).toBe(30);
    const bravo = (await q('select id from leads where campaign_id = $1', [campB]))[0].id;
    expect((await t.agent.get(`/api/teams/${t.teamId}/leads/${bravo}`)).status).toBe(404);
    expect((await t.agent.patch(`/api/teams/${t.teamId}/leads/${bravo}`, { notes: 'x' })).status).toBe(404);
    expect((await t.agent.get(`/api/teams/${t.teamId}/leads/export.csv`)).status).toBe(403);
  });
});

describe('lead page', () => {
  it('edits with validation and writes who changed what to the audit', async () => {
    const id = (await q('select id from leads where phone = $1 and campaign_id = $2', [e164(5), campA]))[0].id;
    const url = `/api/teams/${t.teamId}/leads/${id}`;
    const bad = await t.agent.patch(url, { email: 'not-an-email', phone: '12', tags: [''] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('tags.0');
    const bad2 = await t.agent.patch(url, { email: 'not-an-email', phone: '(415) 555-0006' });
    expect(bad2.json.error.fields).toEqual({
      phone: 'Another lead in this campaign has this number',
      email: 'Not a valid e-mail address',
    });

    const ok = await t.agent.patch(url, {
      firstName: 'Pat',
      email: 'PAT@Example.com',
      state: 'New York',
      custom: { plan_tier: 'silver' },
      phone: '646 555 0199',
    });
    expect(ok.status).toBe(200);
    expect(ok.json.lead).toMatchObject({
      firstName: 'Pat',
      email: 'pat@example.com',
      state: 'NY',
      phone: '+16465550199',
      timezones: ['America/New_York'],
      custom: { plan_tier: 'silver' },
    });
    const audit = ok.json.audit.map((a: { field: string; oldValue: string; newValue: string; userName: string }) => [
      a.field,
      a.oldValue,
      a.newValue,
      a.userName,
    ]);
    expect(audit).toEqual(
      expect.arrayContaining([
        ['firstName', 'Person5', 'Pat', 'Leaders Agent'],
        ['email', 'p5@acme.com', 'pat@example.com', 'Leaders Agent'],
        ['phone', e164(5), '+16465550199', 'Leaders Agent'],
        ['state', 'CA', 'NY', 'Leaders Agent'],
        ['custom', '{}', '{"plan_tier":"silver"}', 'Leaders Agent'],
      ]),
    );
    // Sending the same values again changes nothing and audits nothing.
    const again = await t.agent.patch(url, { firstName: 'Pat' });
    expect(again.json.audit).toHaveLength(ok.json.audit.length);
    const page = await t.owner.get(url);
    expect(page.json.lead).toMatchObject({ campaignName: 'Alpha leads', firstName: 'Pat' });
    await t.owner.patch(url, { phone: e164(5), firstName: 'Person5', email: 'p5@acme.com', state: 'CA', custom: {} });
  });
});

describe('bulk actions', () => {
  it('tags a selection, and untags everything matching a filter', async () => {
    const ids = (
      await q('select id from leads where campaign_id = $1 and phone = any($2) order by phone', [
        campA,
        [e164(1), e164(2)],
      ])
    ).map((r) => r.id);
    const res = await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { ids },
      action: { type: 'tag', add: ['hot', 'even'] },
    });
    expect((await list({ campaignId: campA, tag: 'even' })).total).toBe(16);
    expect(res.json).toEqual({ action: 'tag', affected: 2 });
    expect((await list({ tag: 'hot' })).total).toBe(2);
    expect((await q('select tags from leads where campaign_id = $1 and phone = $2', [campA, e164(2)]))[0].tags).toEqual(
      ['even', 'hot'],
    );
    const off = await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { filter: { tag: 'hot' } },
      action: { type: 'tag', remove: ['hot'] },
    });
    expect(off.json.affected).toBe(2);
    expect((await list({ tag: 'hot' })).total).toBe(0);
    await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { ids: ids.slice(0, 1) },
      action: { type: 'tag', remove: ['even'] },
    });
    expect((await list({ campaignId: campA, tag: 'even' })).total).toBe(15);
    expect(
      (await t.agent.post(`/api/teams/${t.teamId}/leads/bulk`, { selection: { ids }, action: { type: 'delete' } }))
        .status,
    ).toBe(403);
  });

  it('copies and moves to another campaign, skipping numbers it already has', async () => {
    const copy = await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { filter: { campaignId: campA, q: 'jones' } },
      action: { type: 'copy', campaignId: campB },
    });
    expect(copy.json.affected).toBe(15);
    const again = await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { filter: { campaignId: campA, q: 'jones' } },
      action: { type: 'copy', campaignId: campB },
    });
    expect(again.json.affected).toBe(0);
    // Moving all of A: the 15 Joneses already exist in B and stay in A.
    const move = await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { filter: { campaignId: campA } },
      action: { type: 'move', campaignId: campB },
    });
    expect(move.json.affected).toBe(15);
    expect((await list({ campaignId: campA })).total).toBe(15);
    expect((await list({ campaignId: campB })).total).toBe(31);
    // Back again, for the tests below.
    await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { filter: { campaignId: campB, q: 'smith' } },
      action: { type: 'move', campaignId: campA },
    });
    await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { filter: { campaignId: campB, q: 'jones' } },
      action: { type: 'delete' },
    });
    expect((await list({ campaignId: campA })).total).toBe(30);
    expect((await list({ campaignId: campB })).total).toBe(1);
  });

  it('adds a selection to the do-not-call list and deletes by filter', async () => {
    const res = await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { filter: { campaignId: campA, attemptsMin: 3 } },
      action: { type: 'dnc', reason: 'burnt' },
    });
    expect(res.json).toMatchObject({ affected: 7, added: 7 });
    expect((await list({ dnc: 'yes' })).total).toBe(7);
    expect(
      (
        await q(
          `select count(*)::int as n from dnc_numbers where team_id = $1 and reason = 'burnt' and source = 'lead'`,
          [t.teamId],
        )
      )[0].n,
    ).toBe(7);
    const copied = await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { filter: { campaignId: campA, attemptsMin: 3 } },
      action: { type: 'copy', campaignId: campB },
    });
    expect(copied.json.affected).toBe(7);
    const del = await t.owner.post(`/api/teams/${t.teamId}/leads/bulk`, {
      selection: { filter: { campaignId: campB, dnc: 'yes' } },
      action: { type: 'delete' },
    });
    expect(del.json.affected).toBe(7);
  });
});

describe('lead export', () => {
  it('streams UTF-8 with a BOM, custom fields as columns and formula-safe cells', async () => {
    const res = await fetch(`${app.url}/api/teams/${t.teamId}/leads/export.csv?campaignId=${campA}&tag=odd`, {
      headers: { cookie: t.owner.cookieHeader },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="leads-/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(
      'Phone,Alt phones,First name,Last name,Email,Address,City,State,ZIP,Status,Tags,Notes,Campaign,Attempts,DNC,Created,plan_tier',
    );
    expect(lines).toHaveLength(16);
    // Phones are data: E.164 in the phone column without a quote in front (a CRM re-import keeps them).
    expect(text).toMatch(/^\+14155550007,/m);
    expect(text).not.toContain(`'+1`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('round-trips: importing the export into its campaign adds nothing, into a new one recreates the leads', async () => {
    const res = await fetch(`${app.url}/api/teams/${t.teamId}/leads/export.csv?campaignId=${campA}`, {
      headers: { cookie: t.owner.cookieHeader },
    });
    const exported = new Uint8Array(await res.arrayBuffer());
    const same = await importFile(app, t.owner, t.teamId, campA, exported, { fileName: 'leads-export.csv' });
    expect(same.import.counts).toMatchObject({ imported: 0, dnc: 0, duplicates: 30, invalid: 0 });
    expect((await list({ campaignId: campA })).total).toBe(30);

    const fresh = await createCampaign(t.owner, t.teamId, { name: 'From export' });
    const copy = await importFile(app, t.owner, t.teamId, fresh, exported, { fileName: 'leads-export.csv' });
    expect(copy.import.counts).toMatchObject({ imported: 23, dnc: 7, invalid: 0 });
    const cols = 'phone, first_name, last_name, email, state, tags, notes, timezones, dnc';
    const original = await q(
      `select ${cols}, custom->>'plan_tier' as tier from leads where campaign_id = $1 order by phone`,
      [campA],
    );
    const reimported = await q(
      `select ${cols}, custom->>'plan_tier' as tier from leads where campaign_id = $1 order by phone`,
      [fresh],
    );
    expect(reimported).toEqual(original);
  });
});
