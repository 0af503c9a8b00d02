import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => app?.stop());

async function securityEvents(owner: TestClient, teamId: string) {
  const res = await owner.get(`/api/teams/${teamId}/security-events`);
  expect(res.status).toBe(200);
  return res.json.events as {
    type: string;
    ipAddress: string | null;
    userAgent: string | null;
    detail: Record<string, unknown>;
  }[];
}

describe('accounts', () => {
  it('signs up into a new team as its owner, without exposing the session token to scripts', async () => {
    const c = new TestClient(app.url);
    const email = uniqueEmail('owner');
    const res = await c.signUp({ name: 'Olga Owner', email, teamName: 'Olga Sales' });
    expect(res.json.token).toBeUndefined();
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await c.loadMe();
    expect(me.user.email).toBe(email);
    expect(me.teams).toEqual([expect.objectContaining({ name: 'Olga Sales', role: 'owner' })]);
  });

  it('accepts sign-up from the other loopback forms of the configured address, and names the address to open otherwise', async () => {
    const port = new URL(app.url).port;
    // better-auth checks the origin of requests that carry cookies (a browser that visited before sends some).
    const cookie = 'returning=1';
    for (const origin of [`http://localhost:${port}`, `http://[::1]:${port}`]) {
      const c = new TestClient(app.url, { headers: { origin, cookie } });
      const res = await c.post('/api/auth/sign-up/email', {
        name: 'Lou Loopback',
        email: uniqueEmail('loopback'),
        password: 'correct horse battery staple',
        confirmAdultBusiness: true,
      });
      expect(res.status).toBe(200);
    }
    const foreign = new TestClient(app.url, { headers: { origin: 'http://192.0.2.10:8080', cookie } });
    const res = await foreign.post('/api/auth/sign-up/email', {
      name: 'Far Away',
      email: uniqueEmail('far'),
      password: 'correct horse battery staple',
      confirmAdultBusiness: true,
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('forbidden');
    expect(res.json.error.message).toContain(`Open ${app.url} and try again`);
  });

  it('refuses a sign-up without the age and business confirmation', async () => {
    const c = new TestClient(app.url);
    const res = await c.post('/api/auth/sign-up/email', {
      name: 'Kid',
      email: uniqueEmail('kid'),
      password: 'correct horse battery staple',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(res.json.error.fields.confirmAdultBusiness).toMatch(/16/);
  });

  it('answers a wrong password with 401 and records a failed sign-in event', async () => {
    const owner = new TestClient(app.url, { headers: { 'x-forwarded-for': '198.51.100.23' } });
    const email = uniqueEmail('wrongpw');
    await owner.signUp({ name: 'Wendy', email });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const attacker = new TestClient(app.url, {
      userAgent: 'EvilBot/2.0',
      headers: { 'x-forwarded-for': '203.0.113.99' },
    });
    const res = await attacker.signIn(email, 'not the password at all');
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('unauthenticated');
    const events = await securityEvents(owner, teamId);
    const failed = events.find((e) => e.type === 'sign_in_failed');
    expect(failed).toMatchObject({ ipAddress: '203.0.113.99', userAgent: 'EvilBot/2.0' });
  });

  it('rate-limits the 11th quick failed sign-in for an account with 429 and Retry-After', async () => {
    const owner = new TestClient(app.url);
    const email = uniqueEmail('limited');
    await owner.signUp({ name: 'Lim', email });
    const attacker = new TestClient(app.url, { headers: { 'x-forwarded-for': '192.0.2.44' } });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attacker.signIn(email, `wrong-password-${i}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const last = await attacker.signIn(email, 'correct horse battery staple');
    expect(statuses[10]).toBe(429);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.json.error.code).toBe('rate_limited');
    // Another account from another address is unaffected.
    const other = new TestClient(app.url, { headers: { 'x-forwarded-for': '192.0.2.45' } });
    expect((await other.signIn(uniqueEmail('nobody'), 'whatever-password')).status).toBe(401);
  });

  it('lists sessions with the IP address and user agent of the signing-in request', async () => {
    const email = uniqueEmail('sessions');
    await new TestClient(app.url).signUp({ name: 'Sam', email });
    const laptop = new TestClient(app.url, {
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 Chrome/130.0 Safari/537.36',
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect((await laptop.signIn(email)).status).toBe(200);
    const phone = new TestClient(app.url, {
      userAgent: 'Mozilla/5.0 (iPhone) Safari/604.1',
      headers: { 'x-forwarded-for': '198.51.100.8' },
    });
    expect((await phone.signIn(email)).status).toBe(200);
    const list = await laptop.get('/api/me/sessions');
    expect(list.status).toBe(200);
    const current = list.json.sessions.find((s: { current: boolean }) => s.current);
    expect(current).toMatchObject({ ipAddress: '198.51.100.7', userAgent: expect.stringContaining('Macintosh') });
    expect(list.json.sessions.some((s: { ipAddress: string }) => s.ipAddress === '198.51.100.8')).toBe(true);

    // Sign out the other sessions: the phone is signed out, the laptop is not.
    expect((await laptop.post('/api/me/sessions/revoke-others')).status).toBe(200);
    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(200);
  });

  it('signs out and records it', async () => {
    const c = new TestClient(app.url);
    await c.signUp({ name: 'Out', email: uniqueEmail('out') });
    const teamId = (await c.loadMe()).teams[0]!.id;
    const other = new TestClient(app.url);
    // The owner reads the log from a second session afterwards.
    expect((await other.signIn((await c.loadMe()).user.email)).status).toBe(200);
    expect((await c.post('/api/auth/sign-out', {})).status).toBe(200);
    expect((await c.get('/api/me')).status).toBe(401);
    const types = (await securityEvents(other, teamId)).map((e) => e.type);
    expect(types).toContain('sign_out');
    expect(types).toContain('sign_up');
  });

  it('resets a password through the e-mailed link and signs out every session', async () => {
    const email = uniqueEmail('reset');
    const c = new TestClient(app.url);
    await c.signUp({ name: 'Rita', email });
    const res = await new TestClient(app.url).post('/api/auth/request-password-reset', {
      email,
      redirectTo: '/reset-password',
    });
    expect(res.status).toBe(200);
    const mail = (await c.get('/api/dev/mail')).json.messages.find((m: { toAddress: string }) => m.toAddress === email);
    expect(mail.subject).toMatch(/reset/i);
    const token = /token=([^\s&]+)/.exec(mail.text)?.[1];
    expect(token).toBeTruthy();
    const reset = await new TestClient(app.url).post('/api/auth/reset-password', {
      token: decodeURIComponent(token!),
      newPassword: 'a brand new passphrase',
    });
    expect(reset.status).toBe(200);
    expect((await c.get('/api/me')).status).toBe(401);
    expect((await new TestClient(app.url).signIn(email, 'correct horse battery staple')).status).toBe(401);
    const fresh = new TestClient(app.url);
    expect((await fresh.signIn(email, 'a brand new passphrase')).status).toBe(200);
    const types = (await securityEvents(fresh, (await fresh.loadMe()).teams[0]!.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['password_reset_requested', 'password_reset']));
  });

  it('changes the password with the current one and records it; never stores it in clear', async () => {
    const email = uniqueEmail('change');
    const c = new TestClient(app.url);
    await c.signUp({ name: 'Chad', email, password: 'first password here' });
    const bad = await c.post('/api/auth/change-password', {
      currentPassword: 'nope nope nope',
      newPassword: 'second password here',
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    const ok = await c.post('/api/auth/change-password', {
      currentPassword: 'first password here',
      newPassword: 'second password here',
    });
    expect(ok.status).toBe(200);
    const types = (await securityEvents(c, (await c.loadMe()).teams[0]!.id)).map((e) => e.type);
    expect(types).toContain('password_changed');
    const { rows } = await app.deps.pool.query<{ password: string }>(
      `select a.password from accounts a join users u on u.id = a.user_id where u.email = $1`,
      [email],
    );
    expect(rows[0]!.password).not.toContain('second password here');
    expect(rows[0]!.password.length).toBeGreaterThan(40);
  });

  it('lets a user edit their profile name', async () => {
    const c = new TestClient(app.url);
    await c.signUp({ name: 'Old Name', email: uniqueEmail('profile') });
    expect((await c.patch('/api/me', { name: '' })).status).toBe(400);
    expect((await c.patch('/api/me', { name: 'New Name' })).status).toBe(200);
    expect((await c.loadMe()).user.name).toBe('New Name');
  });

  it("exports the signed-in user's own data as JSON without secrets", async () => {
    const email = uniqueEmail('export');
    const c = new TestClient(app.url, { userAgent: 'ExportBrowser/1.0' });
    await c.signUp({ name: 'Ezra Export', email, teamName: 'Export Team' });
    const res = await c.get('/api/me/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="dialerseat-my-data-/);
    expect(res.json.profile).toMatchObject({ name: 'Ezra Export', email });
    expect(res.json.memberships).toEqual([expect.objectContaining({ teamName: 'Export Team', role: 'owner' })]);
    expect(res.json.sessions[0].userAgent).toBe('ExportBrowser/1.0');
    expect(res.json.securityEvents.map((e: { type: string }) => e.type)).toContain('sign_up');
    expect(res.json.calls).toEqual([]);
    expect(res.text).not.toContain('correct horse');
    expect(res.text).not.toMatch(/"token"|"password"/);
  });
});
