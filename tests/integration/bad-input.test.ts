import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_TEAM_JOB } from '../../src/app/privacy/export-team-data';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { createServerApp } from '../../src/server/app';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

/**
 * Bad input, sent to every route the app registers (read from the router, so a new route is covered without
 * touching this file): whatever is wrong with a request, the answer is a 4xx that says what, never a 500.
 */
const operatorEmail = uniqueEmail('badinput-op');
let app: TestApp;
let owner: TestClient;
let teamId: string;
let routes: { method: string; path: string }[];

// better-auth's endpoints sit behind one catch-all; these are the ones it serves (the rest answer 404).
const AUTH_ROUTES = [
  'POST /api/auth/sign-up/email',
  'POST /api/auth/sign-in/email',
  'POST /api/auth/sign-out',
  'POST /api/auth/request-password-reset',
  'POST /api/auth/reset-password',
  'POST /api/auth/change-password',
  'POST /api/auth/send-verification-email',
  'GET /api/auth/verify-email',
];

const NUL = 'bad\u0000value';
// A body naming the fields routes read, each hostile: NUL in every string, numbers out of range, dates past what
// PostgreSQL stores. Zod strips the keys a route does not know, so every route meets the ones it reads.
const stringFields = [
  'name',
  'email',
  'password',
  'newPassword',
  'currentPassword',
  'teamName',
  'confirmName',
  'role',
  'phone',
  'reason',
  'notes',
  'summary',
  'version',
  'details',
  'requesterEmail',
  'kind',
  'actionTaken',
  'disposition',
  'campaignId',
  'callId',
  'leadId',
  'action',
  'to',
  'planId',
  'token',
  'path',
  'linePhone',
  'sipAddress',
  'recordingDisclosure',
  'script',
  'firstName',
  'lastName',
  'timezone',
  'tag',
  'status',
];
const nulBody = Object.fromEntries(stringFields.map((k) => [k, NUL]));
const numberFields = [
  'seats',
  'dailyCap',
  'days',
  'limit',
  'maxAttempts',
  'retryMinutes',
  'ringTimeoutSec',
  'page',
  'offset',
];
const hugeBody = Object.fromEntries(numberFields.map((k) => [k, 1e308]));
const negativeBody = Object.fromEntries(numberFields.map((k) => [k, -2147483649]));
const dateFields = ['effectiveAt', 'receivedAt', 'callbackAt', 'from', 'to', 'before', 'after', 'at'];
const earlyDates = Object.fromEntries(dateFields.map((k) => [k, '-271821-04-20']));
const lateDates = Object.fromEntries(dateFields.map((k) => [k, '275760-09-13']));
const badQuery =
  '?q=a%00b&search=a%00b&from=-271821-04-20&to=275760-09-13&before=275760-09-13&days=-1&limit=99999999999999999999&cursor=%00&status=a%00';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const someId = '6f0c9f38-3e0f-4c53-9b83-0d1d3bd2f5a1';

function fill(path: string, id: string) {
  return path.replace(':teamId', teamId).replace(/:[A-Za-z]+/g, id);
}

beforeAll(async () => {
  app = await startTestApp({ env: { OPERATOR_EMAILS: operatorEmail, JOBS_IN_PROCESS: 'false' } });
  // The owner's requests also carry an API key of the team, so /api/v1 routes are reached, not refused at the door.
  owner = new TestClient(app.url, { headers: {} });
  await owner.signUp({ name: 'Bea Input', email: operatorEmail, teamName: 'Bad input team' });
  await owner.verifyEmail(operatorEmail);
  teamId = (await owner.loadMe()).teams[0]!.id;
  const key = await owner.post(`/api/teams/${teamId}/api-keys`, { name: 'Bad input', access: 'read_write' });
  owner.defaults.headers!.authorization = `Bearer ${key.json.secret}`;
  const seen = new Set<string>();
  routes = [];
  for (const r of createServerApp(app.deps).routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/') || r.path.includes('*')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({ method: r.method, path: r.path });
  }
  for (const a of AUTH_ROUTES) {
    const [method, path] = a.split(' ') as [string, string];
    routes.push({ method, path });
  }
});
afterAll(async () => app?.stop());

type Case = {
  name: string;
  send: (r: { method: string; path: string }) => Promise<{ status: number; text: string }>;
  expect?: number[];
};

// The table includes sign-out: sign back in so the next route is reached as a signed-in operator and owner.
async function stayIn(status: number) {
  if (status === 401 || status === 200 || status === 204)
    if ((await owner.get('/api/me')).status === 401) await owner.signIn(operatorEmail);
}

const json = (r: { method: string; path: string }, body: unknown) =>
  owner.request(r.method, fill(r.path, someId), body);
const raw = (r: { method: string; path: string }, body: string, contentType: string) =>
  owner.request(r.method, fill(r.path, someId), body, { 'content-type': contentType });

const bodyCases: Case[] = [
  { name: 'malformed JSON', send: (r) => raw(r, '{"name": "x",', 'application/json'), expect: [400] },
  { name: 'null as the body', send: (r) => raw(r, 'null', 'application/json'), expect: [400] },
  { name: 'an array as the body', send: (r) => raw(r, '[1,2]', 'application/json'), expect: [400] },
  {
    name: 'a non-JSON content type',
    send: (r) => raw(r, 'name=x', 'application/x-www-form-urlencoded'),
    expect: [415],
  },
  { name: 'text/plain', send: (r) => raw(r, '{"name":"x"}', 'text/plain'), expect: [415] },
  { name: 'an empty body', send: (r) => raw(r, '', 'application/json') },
  { name: 'NUL in every string field', send: (r) => json(r, nulBody), expect: [400] },
  { name: 'NUL in a key', send: (r) => json(r, { ['na\u0000me']: 'x' }), expect: [400] },
  { name: 'huge numbers', send: (r) => json(r, hugeBody) },
  { name: 'negative numbers', send: (r) => json(r, negativeBody) },
  { name: 'dates before PostgreSQL’s range', send: (r) => json(r, earlyDates) },
  { name: 'dates after PostgreSQL’s range', send: (r) => json(r, lateDates) },
];
const idCases: Case[] = [
  {
    name: 'a non-UUID id',
    send: (r) => owner.request(r.method, fill(r.path, 'abc'), WITH_BODY.has(r.method) ? {} : undefined),
  },
  {
    name: '36 hyphens as the id',
    send: (r) => owner.request(r.method, fill(r.path, '-'.repeat(36)), WITH_BODY.has(r.method) ? {} : undefined),
  },
  {
    name: 'an upper-case UUID',
    send: (r) => owner.request(r.method, fill(r.path, someId.toUpperCase()), WITH_BODY.has(r.method) ? {} : undefined),
  },
  {
    name: 'a NUL in the id',
    send: (r) => owner.request(r.method, fill(r.path, '%00'), WITH_BODY.has(r.method) ? {} : undefined),
  },
];
const queryCase: Case = {
  name: 'hostile query values',
  send: (r) => owner.request(r.method, fill(r.path, someId) + badQuery),
};

// Streamed uploads take raw files, not JSON; the event stream stays open.
const isUpload = (p: string) => /\/imports$/.test(p) || /\/drop-messages\/audio$/.test(p);
const skipGet = (p: string) => p.endsWith('/events');

// Two tests here walk every route with every case (hundreds of requests, more with each new route); on a loaded
// two-core machine that outgrows the suite's 30 s default, which is a limit, not what these tests measure.
describe('bad input on every route', { timeout: 180_000 }, () => {
  it('found the routes', () => {
    expect(routes.length).toBeGreaterThan(60);
  });

  it('refuses a NUL in a query filter with 400 naming the parameter', async () => {
    const res = await owner.get(`/api/teams/${teamId}/leads?search=a%00b`);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/NUL/);
  });

  it('validates a streamed export before the first byte, answering 400 JSON for an out-of-range date', async () => {
    for (const q of ['from=-271821-04-20', 'to=275760-09-13']) {
      const res = await owner.get(`/api/teams/${teamId}/call-log/export.csv?${q}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.text).not.toMatch(/select|insert|\$\d/i);
    }
  });

  it('answers 404 for an upper-case or malformed export id and serves the export under its upper-case id', async () => {
    const started = await owner.post(`/api/teams/${teamId}/exports`);
    expect(started.status).toBe(202);
    expect((await owner.get(`/api/teams/${teamId}/exports/${'-'.repeat(36)}/download`)).status).toBe(404);
    expect((await owner.get(`/api/teams/${teamId}/exports/${someId.toUpperCase()}/download`)).status).toBe(404);
    expect(
      await drainQueue(
        app.jobs!.boss,
        app.deps,
        jobs.find((j) => j.id === EXPORT_TEAM_JOB)!,
      ),
    ).toBe(1);
    const upper = await owner.get(`/api/teams/${teamId}/exports/${String(started.json.id).toUpperCase()}/download`);
    expect(upper.status).toBe(200);
    expect(Number(upper.headers.get('content-length'))).toBeGreaterThan(0);
    expect(upper.text.length).toBeGreaterThan(0);
  });
  it('answers a DNC file with a 1 MB row with a clear 400 or 413', async () => {
    const row = `+12025550100,${'x'.repeat(1024 * 1024)}\n`;
    const res = await owner.request('POST', `/api/teams/${teamId}/dnc/imports`, `phone,reason\n${row}`, {
      'content-type': 'text/csv',
    });
    expect([400, 413]).toContain(res.status);
    expect(res.json.error.message).toMatch(/row|line|long|large/i);
  });

  it('never answers 500 to a bad body, and says 400/415 where the body cannot be read', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => WITH_BODY.has(x.method) && !isUpload(x.path))) {
      for (const c of bodyCases) {
        const res = await c.send(r);
        await stayIn(res.status);
        const ok = res.status < 500 && (!c.expect || c.expect.includes(res.status));
        if (!ok) failures.push(`${r.method} ${r.path} with ${c.name}: ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    // Every route times every case: the time grows with the router, so the limit is generous.
  }, 120_000);

  it('never answers 500 to a bad id or a hostile query', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => !skipGet(x.path))) {
      const cases = [queryCase, ...(/:[A-Za-z]+/.test(r.path.replace(':teamId', '')) ? idCases : [])];
      for (const c of cases) {
        const res = await c.send(r);
        await stayIn(res.status);
        // The hostile query carries a NUL, which every /api route refuses before reading anything.
        const ok = c === queryCase ? res.status === 400 : res.status < 500;
        if (!ok) failures.push(`${r.method} ${r.path} with ${c.name}: ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    // Every route times every case: the time grows with the router, so the limit is generous.
  }, 120_000);
});
