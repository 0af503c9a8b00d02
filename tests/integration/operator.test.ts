import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFY_POLICY_JOB } from '../../src/app/privacy/publish-policy-version';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

const operatorEmail = uniqueEmail('operator');
let now = new Date('2026-12-01T09:00:00Z');
let app: TestApp;
let operator: TestClient;
beforeAll(async () => {
  app = await startTestApp({
    clock: { now: () => now },
    env: { OPERATOR_EMAILS: `someone@else.test, ${operatorEmail.toUpperCase()}`, JOBS_IN_PROCESS: 'false' },
  });
  operator = new TestClient(app.url);
  await operator.signUp({ name: 'Opal Operator', email: operatorEmail });
  await operator.verifyEmail(operatorEmail);
});
afterAll(async () => app?.stop());

describe('operator console', () => {
  it('is for operators only', async () => {
    const other = new TestClient(app.url);
    await other.signUp({ name: 'Not Op', email: uniqueEmail('notop') });
    expect((await other.get('/api/operator/usage')).status).toBe(403);
    expect((await new TestClient(app.url).get('/api/operator/usage')).status).toBe(401);
    expect(((await other.loadMe()) as unknown as { operator: boolean }).operator).toBe(false);
    expect((await operator.get('/api/me')).json.operator).toBe(true);
  });

  it('counts page views and feature use per day with no user, team or IP in the rows', async () => {
    const teamId = (await operator.loadMe()).teams[0]!.id;
    await operator.post('/api/analytics/page-view', { path: `/app/leads/${teamId}?search=jane@example.com` });
    await operator.post('/api/analytics/page-view', { path: '/app/settings/members' });
    await new TestClient(app.url).post('/api/analytics/page-view', { path: '/pricing' });
    await operator.post(`/api/teams/${teamId}/invitations`, { email: uniqueEmail('counted'), role: 'agent' });
    const usage = (await operator.get('/api/operator/usage?days=7')).json.rows as {
      day: string;
      kind: string;
      name: string;
      count: number;
    }[];
    expect(usage).toEqual(
      expect.arrayContaining([
        { day: '2026-12-01', kind: 'page_view', name: '/app/leads/:id', count: 1 },
        { day: '2026-12-01', kind: 'page_view', name: '/pricing', count: 1 },
        { day: '2026-12-01', kind: 'feature', name: 'POST /api/teams/:teamId/invitations', count: 1 },
      ]),
    );
    const raw = await app.deps.pool.query('select * from usage_daily');
    const text = JSON.stringify(raw.rows);
    expect(text).not.toContain(teamId);
    expect(text).not.toContain('jane@example.com');
    expect(text).not.toContain('127.0.0.1');
    expect(Object.keys(raw.rows[0])).toEqual(['day', 'kind', 'name', 'count']);
  });

  it('publishes a policy version ≥ 30 days ahead, e-mails every user once, and shows it until it takes effect', async () => {
    const soon = await operator.post('/api/operator/policy-versions', {
      version: '2027-01',
      summary: 'We add a new subprocessor for e-mail delivery.',
      effectiveAt: '2026-12-20',
    });
    expect(soon.status).toBe(400);
    expect(soon.json.error.fields.effectiveAt).toMatch(/30 days/);

    const users = (await app.deps.pool.query('select count(*)::int as n from users')).rows[0].n as number;
    const res = await operator.post('/api/operator/policy-versions', {
      version: '2027-01',
      summary: 'We add a new subprocessor for e-mail delivery.',
      effectiveAt: '2027-01-05T00:00:00Z',
    });
    expect(res.status).toBe(201);
    const def = jobs.find((j) => j.id === NOTIFY_POLICY_JOB)!;
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(1);
    const mails = (await operator.get('/api/dev/mail')).json.messages.filter((m: { subject: string }) =>
      m.subject.startsWith('Our privacy policy changes'),
    );
    expect(mails).toHaveLength(users);
    // A retry of the job sends nothing twice.
    await app.jobs!.boss.send(def.id, { policyId: res.json.id });
    await drainQueue(app.jobs!.boss, app.deps, def);
    expect(
      (await operator.get('/api/dev/mail')).json.messages.filter((m: { subject: string }) =>
        m.subject.startsWith('Our privacy policy changes'),
      ),
    ).toHaveLength(users);

    const before = (await new TestClient(app.url).get('/api/public/policy')).json;
    expect(before.upcoming).toMatchObject({ version: '2027-01', summary: expect.stringContaining('subprocessor') });
    expect(before.current.version).toBe('2026-11-29');
    now = new Date('2027-01-05T00:00:01Z');
    const after = (await new TestClient(app.url).get('/api/public/policy')).json;
    expect(after.upcoming).toBeNull();
    expect(after.current.version).toBe('2027-01');
  });

  it('logs privacy requests with a 30-day due date and closes them with the action taken', async () => {
    now = new Date('2027-02-01T12:00:00Z');
    const res = await operator.post('/api/operator/privacy-requests', {
      requesterEmail: 'Someone@Example.com',
      kind: 'access',
      details: 'Wants a copy of their data',
    });
    expect(res.status).toBe(201);
    expect(res.json.dueAt).toBe('2027-03-03T12:00:00.000Z');
    expect(
      (await operator.post(`/api/operator/privacy-requests/${res.json.id}/close`, { actionTaken: '' })).status,
    ).toBe(400);
    expect(
      (await operator.post(`/api/operator/privacy-requests/${res.json.id}/close`, { actionTaken: 'Sent the export' }))
        .status,
    ).toBe(204);
    const list = (await operator.get('/api/operator/privacy-requests')).json;
    expect(list.open).toEqual([]);
    expect(list.closed[0]).toMatchObject({ requesterEmail: 'someone@example.com', actionTaken: 'Sent the export' });
  });
});
