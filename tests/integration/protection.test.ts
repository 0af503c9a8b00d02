import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

let app: TestApp;
let owner: TestClient;
let teamId: string;
beforeAll(async () => {
  app = await startTestApp();
  owner = new TestClient(app.url);
  await owner.signUp({ name: 'Prue', email: uniqueEmail('prot') });
  teamId = (await owner.loadMe()).teams[0]!.id;
});
afterAll(async () => app?.stop());

describe('request protection', () => {
  it('refuses a cookie-authenticated mutation with a missing or forged CSRF token (403) and changes nothing', async () => {
    const missing = await owner.request('PATCH', `/api/teams/${teamId}`, { name: 'Hijacked' }, { 'x-csrf-token': '' });
    expect(missing.status).toBe(403);
    expect(missing.json.error.code).toBe('forbidden');
    const forged = await owner.request(
      'PATCH',
      `/api/teams/${teamId}`,
      { name: 'Hijacked' },
      { 'x-csrf-token': 'A'.repeat(43) },
    );
    expect(forged.status).toBe(403);
    const team = await owner.get(`/api/teams/${teamId}`);
    expect(team.json.team.name).not.toBe('Hijacked');
    const ok = await owner.patch(`/api/teams/${teamId}`, { name: 'Renamed properly' });
    expect(ok.status).toBe(200);
  });

  it('keeps idle connections open longer than a proxy in front would (no reset when one reuses a socket)', async () => {
    const keepAlive = await new Promise<unknown>((resolve, reject) =>
      http
        .get(`${app.url}/healthz`, { headers: { connection: 'keep-alive' } }, (res) => {
          res.resume();
          resolve(res.headers['keep-alive']);
        })
        .on('error', reject),
    );
    expect(keepAlive).toBe('timeout=65');
  });

  it('sends a CSP with no third-party origin and the other security headers', async () => {
    const res = await fetch(`${app.url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/(https?|wss?):/);
    // On the simulator no browser leg talks to anyone but us (the SignalWire opening: browser-leg.test.ts).
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // The same answer as frame-ancestors 'none', for browsers that only read the older header.
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('limits request bodies', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(2_000_000) });
    // Plain node:http on its own connection: the server answers 413 before reading the body.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        `${app.url}/api/me`,
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', cookie: owner.cookieHeader, 'x-csrf-token': owner.csrfToken },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(huge);
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).error.code).toBe('invalid_input');
    expect((await owner.loadMe()).user.name).toBe('Prue');
  });

  it('answers errors as { error: { code, message } } without stack traces', async () => {
    const res = await owner.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const bad = await owner.post('/api/teams', { name: '' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_input');
    expect(bad.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('requires a session for the API', async () => {
    const anon = new TestClient(app.url);
    expect((await anon.get('/api/me')).status).toBe(401);
    expect((await anon.get(`/api/teams/${teamId}/members`)).status).toBe(401);
  });

  it('reports liveness and readiness', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true });
  });

  it('reports not ready when a migration is missing', async () => {
    await app.deps.pool.query(
      'delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)',
    );
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(503);
  });
});
