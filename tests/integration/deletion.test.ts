import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_TEAM_JOB } from '../../src/app/privacy/export-team-data';
import { DELETE_PROVIDER_RECORDINGS_JOB } from '../../src/app/calls/delete-provider-recordings';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { seedCallData } from '../support/call-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';
import { uploadFile } from '../support/import-helpers';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false' } });
});
afterAll(async () => app?.stop());

const PASSWORD = 'correct horse battery staple';
// Tables allowed to keep traces of a deleted team: tax law keeps billing records (detached from the team).
const BILLING_TABLES = new Set(['invoices', 'billing_customers', 'subscriptions', 'webhook_events']);

async function inviteAndJoin(owner: TestClient, teamId: string, name: string) {
  const email = uniqueEmail(name.toLowerCase().replace(/\s+/g, '-'));
  await owner.post(`/api/teams/${teamId}/invitations`, { email, role: 'agent' });
  // The outbox answers this machine directly (the owner's client poses as forwarded by a proxy).
  const mail = (await new TestClient(app.url).get('/api/dev/mail')).json.messages.find(
    (m: { toAddress: string }) => m.toAddress === email,
  );
  const token = /\/invite\/(\S+)/.exec(mail.text)![1]!;
  const member = new TestClient(app.url);
  await member.signUp({ name, email, invitationToken: token });
  return { member, email };
}

/** Every base table of the schema, searched row-as-text for each needle. */
async function findTraces(needles: string[]) {
  const tables = (
    await app.deps.pool.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    )
  ).rows.map((r) => r.table_name);
  const found: string[] = [];
  for (const table of tables) {
    if (BILLING_TABLES.has(table)) continue;
    for (const needle of needles) {
      const res = await app.deps.pool.query(`select 1 from "${table}" t where t::text ilike '%' || $1 || '%' limit 1`, [
        needle,
      ]);
      if (res.rowCount) found.push(`${table}: ${needle}`);
    }
  }
  return found;
}

/** Every file under the app's DATA_DIR (uploads, export ZIPs, recordings, anything else stored on disk). */
function dataFiles(): string[] {
  return readdirSync(app.dataDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(app.dataDir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Files under DATA_DIR whose name or bytes hold a needle (the disk's counterpart of findTraces). */
function findFileTraces(needles: string[]) {
  const found: string[] = [];
  for (const file of dataFiles()) {
    const text = readFileSync(path.join(app.dataDir, file)).toString('latin1');
    for (const needle of needles) if (file.includes(needle) || text.includes(needle)) found.push(`${file}: ${needle}`);
  }
  return found;
}

describe('deleting a team', () => {
  it('removes every trace of the team outside the billing tables, and records the deletion without personal data', async () => {
    const ownerEmail = uniqueEmail('del-owner');
    const owner = new TestClient(app.url, { headers: { 'x-forwarded-for': '203.0.113.50' } });
    await owner.signUp({ name: 'Delia Doomed', email: ownerEmail, teamName: 'Doomed Dialers' });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const { email: agentEmail } = await inviteAndJoin(owner, teamId, 'Agnes Agent');
    const pendingEmail = uniqueEmail('del-pending');
    await owner.post(`/api/teams/${teamId}/invitations`, { email: pendingEmail, role: 'admin' });
    await new TestClient(app.url).signIn(ownerEmail, 'wrong password here'); // a failed sign-in event and a rate-limit row
    // Leads and a campaign (until the import API is used here, seeded through SQL with the same columns).
    const campaign = await app.deps.pool.query<{ id: string }>(
      `insert into campaigns (team_id, name, calling_window, retry_rules, dispositions) values ($1, 'Doomed campaign', '{}', '{}', '[]') returning id`,
      [teamId],
    );
    await app.deps.pool.query(
      `insert into leads (team_id, campaign_id, phone, first_name, last_name, email, custom)
       values ($1, $2, '+14155552671', 'Larry', 'Leadington', 'larry.lead@example.net', '{"note":"likes golf"}')`,
      [teamId, campaign.rows[0]!.id],
    );
    // A recorded call: its audio lives at the provider too.
    await seedCallData(app, owner, teamId);
    // A second team the agent does NOT belong to, which must survive untouched.
    const bystander = new TestClient(app.url);
    const bystanderEmail = uniqueEmail('bystander');
    await bystander.signUp({ name: 'Betty Bystander', email: bystanderEmail, teamName: 'Safe Team' });

    // Files on disk: an upload never started (waits a day in DATA_DIR/imports) and a finished export ZIP.
    const filesBefore = dataFiles();
    const upload = await uploadFile(owner, teamId, campaign.rows[0]!.id, 'Name,Phone\nLarry Leadington,+14155552671\n');
    expect(upload.status).toBe(201);
    const exportRow = await owner.post(`/api/teams/${teamId}/exports`, {});
    expect(exportRow.status).toBe(202);
    expect(
      await drainQueue(
        app.jobs!.boss,
        app.deps,
        jobs.find((j) => j.id === EXPORT_TEAM_JOB)!,
      ),
    ).toBe(1);
    const teamFiles = dataFiles().filter((f) => !filesBefore.includes(f));
    expect(teamFiles.some((f) => f.startsWith('imports'))).toBe(true);
    expect(teamFiles.some((f) => f.startsWith('exports'))).toBe(true);

    const needles = [
      teamId,
      'Doomed Dialers',
      ownerEmail,
      agentEmail,
      pendingEmail,
      'Delia Doomed',
      'Agnes Agent',
      '+14155552671',
      'larry.lead@example.net',
      'Leadington',
    ];
    expect((await findTraces(needles)).length).toBeGreaterThan(needles.length / 2);

    const wrongName = await owner.post(`/api/teams/${teamId}/delete`, {
      password: PASSWORD,
      confirmName: 'doomed dialers',
    });
    expect(wrongName.status).toBe(400);
    expect(wrongName.json.error.fields.confirmName).toBeTruthy();
    const wrongPassword = await owner.post(`/api/teams/${teamId}/delete`, {
      password: 'not my password',
      confirmName: 'Doomed Dialers',
    });
    expect(wrongPassword.status).toBe(403);

    const res = await owner.post(`/api/teams/${teamId}/delete`, { password: PASSWORD, confirmName: 'Doomed Dialers' });
    expect(res.status).toBe(200);
    expect(res.json.counts).toMatchObject({
      members: 2,
      invitations: 2,
      leads: 1,
      campaigns: 1,
      accounts: 2,
      calls: 1,
      recordings: 1,
    });
    expect(res.json.ownAccountDeleted).toBe(true);

    expect(await findTraces(needles)).toEqual([]);
    // The recordings are deleted at the provider by a job after the commit.
    const cleanup = jobs.find((j) => j.id === DELETE_PROVIDER_RECORDINGS_JOB)!;
    expect((await app.deps.pool.query(`select provider_cleanup from deletion_log`)).rows[0].provider_cleanup).toBe(
      'pending',
    );
    expect(await drainQueue(app.jobs!.boss, app.deps, cleanup)).toBe(1);
    const log = await app.deps.pool.query(`select kind, counts, subject_hash, provider_cleanup from deletion_log`);
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0].provider_cleanup).toBe('done');
    // The disk is scanned as the tables are: none of the team's files is left, and no other file holds its data.
    expect(dataFiles().filter((f) => !filesBefore.includes(f))).toEqual([]);
    expect(findFileTraces([...needles, upload.json.import.id, exportRow.json.id])).toEqual([]);
    expect(JSON.stringify(log.rows[0])).not.toContain(teamId);
    expect((await owner.get('/api/me')).status).toBe(401);
    // The bystander keeps everything.
    expect((await findTraces([bystanderEmail, 'Safe Team'])).length).toBeGreaterThan(0);
    expect((await bystander.get('/api/me')).status).toBe(200);
  });
});

describe('deleting an account', () => {
  it('refuses a sole owner, then deletes a member account with its sessions and events but keeps the team', async () => {
    const owner = new TestClient(app.url);
    const ownerEmail = uniqueEmail('acct-owner');
    await owner.signUp({ name: 'Oscar Owner', email: ownerEmail, teamName: 'Keepers' });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const refused = await owner.post('/api/me/delete', { password: PASSWORD });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/only owner of “Keepers”/);

    const { member, email } = await inviteAndJoin(owner, teamId, 'Quentin Quitter');
    const members = (await owner.get(`/api/teams/${teamId}/members`)).json.members;
    const quentin = members.find((m: { email: string }) => m.email === email);
    await owner.patch(`/api/teams/${teamId}/members/${quentin.id}`, { role: 'admin' });

    expect((await member.post('/api/me/delete', { password: 'wrong password!' })).status).toBe(403);
    const res = await member.post('/api/me/delete', { password: PASSWORD });
    expect(res.status).toBe(200);
    expect((await member.get('/api/me')).status).toBe(401);
    expect(await findTraces([email, 'Quentin Quitter'])).toEqual([]);
    // The team and its owner are untouched; the security log names the removed person no more.
    const events = (await owner.get(`/api/teams/${teamId}/security-events`)).json.events;
    const change = events.find((e: { type: string }) => e.type === 'member_role_changed');
    expect(change.memberName).toBeNull();
    expect((await owner.get(`/api/teams/${teamId}`)).json.team.name).toBe('Keepers');
  });
});
