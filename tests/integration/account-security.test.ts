import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

// Low limits so the tests reach them quickly; the same code paths run with the defaults.
const operatorEmail = uniqueEmail('ops');
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    env: { OPERATOR_EMAILS: operatorEmail, JOBS_IN_PROCESS: 'false', AUTH_RATE_LIMIT_PER_ACCOUNT: '5' },
  });
});
afterAll(async () => app?.stop());

const mailTo = async (client: TestClient, address: string) =>
  ((await client.get('/api/dev/mail')).json.messages as { toAddress: string; subject: string; text: string }[]).filter(
    (m) => m.toAddress === address,
  );

describe('operator rights need a verified address', () => {
  it('gives nothing to an unverified sign-up with an operator address in another case, and everything once verified', async () => {
    const impostor = new TestClient(app.url);
    await impostor.signUp({ name: 'Evil <a href=x>', email: operatorEmail.toUpperCase() });
    expect((await impostor.get('/api/me')).json).toMatchObject({ operator: false, user: { emailVerified: false } });
    const publish = await impostor.post('/api/operator/policy-versions', {
      version: '2099-01',
      summary: 'Urgent: re-verify at https://evil.example',
      effectiveAt: '2099-03-01',
    });
    expect(publish.status).toBe(403);
    expect(publish.json.error.message).toMatch(/confirm your e-mail/i);

    const mails = await mailTo(impostor, operatorEmail);
    expect(mails).toHaveLength(1);
    // Account mail carries no text the signer-up chose.
    expect(mails[0]!.text).not.toContain('Evil');
    await impostor.verifyEmail(operatorEmail);
    expect((await impostor.get('/api/me')).json).toMatchObject({ operator: true, user: { emailVerified: true } });
  });

  it('resends the verification mail a few times an hour per address, then answers 429', async () => {
    const email = uniqueEmail('resend');
    const user = new TestClient(app.url);
    await user.signUp({ name: 'Rhea Resend', email });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await user.post('/api/auth/send-verification-email', { email })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await mailTo(user, email)).toHaveLength(4);
  });
});

describe('password checks are rate-limited like sign-in', () => {
  const wrong = 'not the password at all';
  const right = 'correct horse battery staple';

  it('change-password stops after the limit, even for the right password', async () => {
    const user = new TestClient(app.url);
    await user.signUp({ name: 'Carl Change', email: uniqueEmail('change') });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await user.post('/api/auth/change-password', { currentPassword: wrong, newPassword: 'another long password' }))
          .status,
      );
    expect(statuses.every((s) => s === 400 || s === 401)).toBe(true);
    const blocked = await user.post('/api/auth/change-password', {
      currentPassword: right,
      newPassword: 'another long password',
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBeTruthy();
  });

  it('delete-account stops after the limit, even for the right password', async () => {
    const user = new TestClient(app.url);
    await user.signUp({ name: 'Dora Delete', email: uniqueEmail('delacct') });
    for (let i = 0; i < 5; i++) expect((await user.post('/api/me/delete', { password: wrong })).status).toBe(403);
    expect((await user.post('/api/me/delete', { password: right })).status).toBe(429);
  });

  it('delete-team stops after the limit, even for the right password', async () => {
    const user = new TestClient(app.url);
    await user.signUp({ name: 'Tess Team', email: uniqueEmail('delteam'), teamName: 'Doomed' });
    const teamId = (await user.loadMe()).teams[0]!.id;
    for (let i = 0; i < 5; i++)
      expect((await user.post(`/api/teams/${teamId}/delete`, { password: wrong, confirmName: 'Doomed' })).status).toBe(
        403,
      );
    expect((await user.post(`/api/teams/${teamId}/delete`, { password: right, confirmName: 'Doomed' })).status).toBe(
      429,
    );
    expect((await user.get(`/api/teams/${teamId}`)).status).toBe(200);
  });
});

describe("better-auth's own endpoints", () => {
  it('do not change the profile around our validation, and cap the sign-up name', async () => {
    const user = new TestClient(app.url);
    await user.signUp({ name: 'Nina Name', email: uniqueEmail('name') });
    const update = await user.post('/api/auth/update-user', {
      name: `x\r\nBcc: victim@example.com${'y'.repeat(10_000)}`,
    });
    expect(update.status).toBe(404);
    expect((await user.get('/api/me')).json.user.name).toBe('Nina Name');
    expect((await user.patch('/api/me', { name: 'Line one\r\nLine two' })).status).toBe(400);
    expect((await user.patch('/api/me', { name: 'z'.repeat(101) })).status).toBe(400);

    const big = await new TestClient(app.url).post('/api/auth/sign-up/email', {
      name: 'n'.repeat(500_000),
      email: uniqueEmail('bigname'),
      password: 'correct horse battery staple',
      confirmAdultBusiness: true,
    });
    expect(big.status).toBe(400);
    expect(big.json.error.fields.name).toBeTruthy();
  });

  it('never hand a session token to scripts: get-session and list-sessions are not served', async () => {
    const user = new TestClient(app.url);
    await user.signUp({ name: 'Sam Session', email: uniqueEmail('sess') });
    const token = (await app.deps.pool.query('select token from sessions order by created_at desc limit 1')).rows[0]
      .token as string;
    for (const path of ['/api/auth/get-session', '/api/auth/list-sessions']) {
      const res = await user.get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain(token);
    }
    const mine = await user.get('/api/me/sessions');
    expect(mine.status).toBe(200);
    expect(mine.text).not.toContain(token);
  });
});

describe('the development outbox', () => {
  it('answers loopback requests no proxy forwarded, and otherwise only a verified operator', async () => {
    const viaProxy = { 'x-forwarded-for': '203.0.113.9' };
    const anonymous = new TestClient(app.url, { headers: viaProxy });
    expect((await anonymous.get('/api/dev/mail')).status).toBe(403);
    expect(
      (await new TestClient(app.url, { headers: { forwarded: 'for=203.0.113.9' } }).get('/api/dev/mail')).status,
    ).toBe(403);

    const email = uniqueEmail('devmail');
    const user = new TestClient(app.url, { headers: viaProxy });
    await user.signUp({ name: 'Una Verified', email });
    expect((await user.get('/api/dev/mail')).status).toBe(403);

    // The operator (verified in the first test) may read it from anywhere.
    const op = new TestClient(app.url, { headers: viaProxy });
    await op.signIn(operatorEmail);
    expect((await op.get('/api/dev/mail')).status).toBe(200);
    expect((await new TestClient(app.url).get('/api/dev/mail')).status).toBe(200);
  });
});

describe('no user enumeration', () => {
  it('answers sign-up with a taken address as it answers a new one, and tells the owner by e-mail', async () => {
    const taken = uniqueEmail('taken');
    await new TestClient(app.url).signUp({ name: 'Tina Taken', email: taken });
    const signUp = (email: string) =>
      new TestClient(app.url).post('/api/auth/sign-up/email', {
        name: 'Probe',
        email,
        password: 'a different long password',
        confirmAdultBusiness: true,
      });
    const fresh = await signUp(uniqueEmail('fresh'));
    const existing = await signUp(taken);
    expect(existing.status).toBe(fresh.status);
    expect(Object.keys(existing.json).sort()).toEqual(Object.keys(fresh.json).sort());
    expect(Object.keys(existing.json.user).sort()).toEqual(Object.keys(fresh.json.user).sort());
    expect(existing.text).not.toMatch(/exist/i);
    // A short password is refused alike, too.
    const short = (email: string) =>
      new TestClient(app.url).post('/api/auth/sign-up/email', {
        name: 'Probe',
        email,
        password: 'short',
        confirmAdultBusiness: true,
      });
    const [shortFresh, shortTaken] = [await short(uniqueEmail('fresh')), await short(taken)];
    expect([shortTaken.status, shortTaken.json]).toEqual([shortFresh.status, shortFresh.json]);
    const mails = await mailTo(new TestClient(app.url), taken);
    expect(mails.map((m) => m.subject)).toContain('Someone tried to create a DialerSeat account with your address');
    // Nothing about the account changed: its own password still works, the probe's does not.
    expect((await new TestClient(app.url).signIn(taken)).status).toBe(200);
    expect((await new TestClient(app.url).signIn(taken, 'a different long password')).status).toBe(401);
  });

  it('answers a password reset request the same for an address with and without an account', async () => {
    const email = uniqueEmail('reset-known');
    await new TestClient(app.url).signUp({ name: 'Rita Reset', email });
    const known = await new TestClient(app.url).post('/api/auth/request-password-reset', {
      email,
      redirectTo: '/reset-password',
    });
    const unknown = await new TestClient(app.url).post('/api/auth/request-password-reset', {
      email: uniqueEmail('reset-unknown'),
      redirectTo: '/reset-password',
    });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual(known.json);
  });
});

describe('page views', () => {
  it('are counted only from our own pages, and a bounded number per client', async () => {
    const count = async () =>
      (
        await app.deps.pool.query(
          `select coalesce(sum(count), 0)::int as n from usage_daily where kind = 'page_view' and name = '/pricing'`,
        )
      ).rows[0].n as number;
    const before = await count();
    const elsewhere = await fetch(`${app.url}/api/analytics/page-view`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ path: '/pricing' }),
    });
    expect(elsewhere.status).toBe(403);
    const noOrigin = await fetch(`${app.url}/api/analytics/page-view`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/pricing' }),
    });
    expect(noOrigin.status).toBe(403);
    expect(await count()).toBe(before);

    const page = new TestClient(app.url);
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++)
      statuses.push((await page.post('/api/analytics/page-view', { path: '/pricing' })).status);
    expect(statuses.slice(0, 120).every((s) => s === 204)).toBe(true);
    expect(statuses[120]).toBe(429);
    expect(await count()).toBe(before + 120);
  });
});
