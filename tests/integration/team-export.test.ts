import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_TEAM_JOB } from '../../src/app/privacy/export-team-data';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { seedCallData } from '../support/call-fixture';
import { TestClient, uniqueEmail } from '../support/http-client';
import { importFile } from '../support/import-helpers';
import { createCampaign } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

let now = new Date('2026-12-01T10:00:00Z');
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ clock: { now: () => now }, env: { JOBS_IN_PROCESS: 'false' } });
});
afterAll(async () => app?.stop());

const exportJob = jobs.find((j) => j.id === EXPORT_TEAM_JOB)!;
const purgeJob = jobs.find((j) => j.id === 'purge-expired-exports')!;

async function download(client: TestClient, teamId: string, exportId: string) {
  const res = await fetch(`${app.url}/api/teams/${teamId}/exports/${exportId}/download`, {
    headers: { cookie: client.cookieHeader },
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const leadsCsv = [
  'First Name,Last Name,Phone,Email,State,Favourite colour,Notes',
  'Ada,Lovelace,(415) 555-2671,ada@example.com,CA,blue,"likes math, and engines"',
  'Grace,Hopper,212-555-0187,grace@example.com,NY,=1+2,"line one',
  'line two"',
].join('\n');

describe('export all team data', () => {
  it('builds a ZIP of leads, calls, campaigns, dispositions, DNC, members, settings and retained recordings; e-mails the requester; expires after 7 days', async () => {
    const owner = new TestClient(app.url);
    const ownerEmail = uniqueEmail('exporter');
    await owner.signUp({ name: 'Xena Exporter', email: ownerEmail, teamName: 'Export Co' });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const campaignId = await createCampaign(owner, teamId, { name: 'Spring push' });
    const imported = await importFile(app, owner, teamId, campaignId, leadsCsv);
    expect(imported.import.imported ?? imported.import.counts?.imported).toBe(2);
    await owner.post(`/api/teams/${teamId}/dnc`, { phone: '(415) 555-0100', reason: 'asked us' });
    await seedCallData(app, owner, teamId);
    // The call's safe-harbor records (decision 0025) travel with it: rang 5 s, answered, given the message.
    await app.deps.pool.query(
      `update calls set connect_recorded = true, ringing_at = $2, answered_at = $3, safe_harbor_at = $3
       where team_id = $1`,
      [teamId, new Date('2026-12-01T09:59:40Z'), new Date('2026-12-01T09:59:45Z')],
    );

    const started = await owner.post(`/api/teams/${teamId}/exports`);
    expect(started.status).toBe(202);
    expect((await download(owner, teamId, started.json.id)).status).toBe(409);
    expect(await drainQueue(app.jobs!.boss, app.deps, exportJob)).toBe(1);

    const list = (await owner.get(`/api/teams/${teamId}/exports`)).json.exports;
    // The fixture's recording row has no audio at the simulator: the export says so instead of failing.
    expect(list[0]).toMatchObject({
      status: 'done',
      counts: expect.objectContaining({ leads: 2, calls: 1, recordings: 0, recordingsMissing: 1, dnc: 1, members: 1 }),
    });
    const file = await download(owner, teamId, started.json.id);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/zip');
    expect(file.headers.get('content-disposition')).toMatch(
      /attachment; filename="dialerseat-Export-Co-2026-12-01\.zip"/,
    );
    const zip = unzipSync(file.bytes);
    expect(Object.keys(zip).sort()).toEqual(
      [
        'calls.csv',
        'campaigns.csv',
        'dispositions.csv',
        'dnc.csv',
        'leads.csv',
        'members.csv',
        'recordings-missing.txt',
        'settings.json',
      ].sort(),
    );
    const leads = strFromU8(zip['leads.csv']!);
    expect([...zip['leads.csv']!.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(leads).toContain('favourite_colour');
    expect(leads).toContain('Lovelace');
    expect(leads).toContain("'=1+2");
    expect(strFromU8(zip['members.csv']!)).toContain(ownerEmail);
    expect(strFromU8(zip['dnc.csv']!)).toContain('asked us');
    expect(strFromU8(zip['dispositions.csv']!)).toContain('Interested');
    expect(JSON.parse(strFromU8(zip['settings.json']!)).team.name).toBe('Export Co');
    expect(strFromU8(zip['calls.csv']!)).toContain('+14155552671');
    const [callsHeader, callRow] = strFromU8(zip['calls.csv']!)
      .replace(/^\uFEFF/, '')
      .split('\n');
    expect(callsHeader).toMatch(
      /,Ringing,Ring time \(s\),Answered by \(machine detection\),Agent connected,Safe-harbor message played,Abandoned,Direction$/,
    );
    expect(callRow).toMatch(/,2026-12-01T09:59:40\.000Z,5\.0,,,2026-12-01T09:59:45\.000Z,yes,outbound$/);

    const mail = (await owner.get('/api/dev/mail')).json.messages.find((m: { subject: string }) =>
      m.subject.includes('export is ready'),
    );
    expect(mail.toAddress).toBe(ownerEmail);

    // Day 6: still there; day 8: the purge job deleted it (410 from then on).
    now = new Date(now.getTime() + 6 * 86_400_000);
    await app.jobs!.boss.send(purgeJob.id, {});
    await drainQueue(app.jobs!.boss, app.deps, purgeJob);
    expect((await download(owner, teamId, started.json.id)).status).toBe(200);
    now = new Date(now.getTime() + 2 * 86_400_000);
    await app.jobs!.boss.send(purgeJob.id, {});
    await drainQueue(app.jobs!.boss, app.deps, purgeJob);
    expect((await download(owner, teamId, started.json.id)).status).toBe(410);
    expect((await owner.get(`/api/teams/${teamId}/exports`)).json.exports[0].status).toBe('expired');
  });

  it('purges an export file whose row is gone (a deletion stopped before removing it)', async () => {
    const orphan = '6f1c2d3e-0000-4000-8000-000000000001';
    const writer = await app.deps.exportFiles.create(orphan);
    await writer.write(new TextEncoder().encode('PK orphan'));
    await writer.close();
    expect((await app.deps.exportFiles.list()).map((f) => f.id)).toContain(orphan);
    await app.jobs!.boss.send(purgeJob.id, {});
    await drainQueue(app.jobs!.boss, app.deps, purgeJob);
    expect((await app.deps.exportFiles.list()).map((f) => f.id)).not.toContain(orphan);
  });

  it('round-trips: importing the exported leads.csv into a fresh team reproduces the leads', async () => {
    now = new Date('2026-12-20T10:00:00Z');
    const a = new TestClient(app.url);
    await a.signUp({ name: 'Source Owner', email: uniqueEmail('src') });
    const teamA = (await a.loadMe()).teams[0]!.id;
    const campA = await createCampaign(a, teamA, { name: 'Source' });
    await importFile(app, a, teamA, campA, leadsCsv);
    const run = await a.post(`/api/teams/${teamA}/exports`);
    await drainQueue(app.jobs!.boss, app.deps, exportJob);
    const zip = unzipSync((await download(a, teamA, run.json.id)).bytes);

    const b = new TestClient(app.url);
    await b.signUp({ name: 'Target Owner', email: uniqueEmail('dst') });
    const teamB = (await b.loadMe()).teams[0]!.id;
    const campB = await createCampaign(b, teamB, { name: 'Target' });
    const again = await importFile(app, b, teamB, campB, zip['leads.csv']!);
    expect(again.import.imported ?? again.import.counts?.imported).toBe(2);
    const pick = `select phone, first_name, last_name, email, state, custom, notes from leads where team_id = $1 order by phone`;
    const [src, dst] = await Promise.all([app.deps.pool.query(pick, [teamA]), app.deps.pool.query(pick, [teamB])]);
    expect(dst.rows).toEqual(src.rows);
  });
});
