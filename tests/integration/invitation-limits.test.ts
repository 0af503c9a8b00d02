import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_LIMITS } from '../../src/app/teams/invite-member';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

// Invitations send e-mail to any address a user types: they must not make the product an open mail relay.
const PER_HOUR = 8;
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false', INVITATIONS_PER_HOUR: String(PER_HOUR) } });
});
afterAll(async () => app?.stop());

async function owner(teamName: string, name = 'Ivy Inviter') {
  const client = new TestClient(app.url);
  await client.signUp({ name, email: uniqueEmail('inviter'), teamName });
  return { client, teamId: (await client.loadMe()).teams[0]!.id };
}

const invite = (client: TestClient, teamId: string, email = uniqueEmail('invitee')) =>
  client.post(`/api/teams/${teamId}/invitations`, { email, role: 'agent' });

describe('invitation limits', () => {
  it('stops a team after its hourly number of invitations', async () => {
    const { client, teamId } = await owner('Busy team');
    for (let i = 0; i < PER_HOUR; i++) expect((await invite(client, teamId)).status).toBe(201);
    const over = await invite(client, teamId);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeTruthy();
  });

  it('stops one inviter across teams', async () => {
    const { client, teamId } = await owner('First team');
    const second = (await client.post('/api/teams', { name: 'Second team' })).json.id as string;
    const half = Math.ceil(PER_HOUR / 2);
    for (let i = 0; i < half; i++) expect((await invite(client, teamId)).status).toBe(201);
    for (let i = half; i < PER_HOUR; i++) expect((await invite(client, second)).status).toBe(201);
    expect((await invite(client, second)).status).toBe(429);
  });

  it('caps re-sends to one address (invite, revoke, invite again)', async () => {
    const { client, teamId } = await owner('Resend team');
    const email = uniqueEmail('again');
    for (let i = 0; i < INVITE_LIMITS.perAddress.limit; i++) {
      const res = await invite(client, teamId, email);
      expect(res.status).toBe(201);
      expect((await client.del(`/api/teams/${teamId}/invitations/${res.json.id}`)).status).toBe(204);
    }
    const over = await invite(client, teamId, email);
    expect(over.status).toBe(429);
    expect(over.json.error.message).toContain(email);
    const mails = (await client.get('/api/dev/mail')).json.messages.filter(
      (m: { toAddress: string }) => m.toAddress === email,
    );
    expect(mails).toHaveLength(INVITE_LIMITS.perAddress.limit);
  });

  it('keeps user-chosen names out of the subject and on one quoted line of plain text', async () => {
    const { client, teamId } = await owner('<b>Win</b> https://evil.example', 'Mallory <img src=x>');
    await client.patch('/api/me', { name: 'Mallory <img src=x>' });
    const email = uniqueEmail('target');
    expect((await invite(client, teamId, email)).status).toBe(201);
    const [mail] = (await client.get('/api/dev/mail')).json.messages.filter(
      (m: { toAddress: string }) => m.toAddress === email,
    );
    expect(mail.subject).toBe('You are invited to a team on DialerSeat');
    expect(mail.html).toBeNull();
    expect(mail.text).toContain('“Mallory <img src=x>” invited you to join the team “<b>Win</b> https://evil.example”');
  });
});
