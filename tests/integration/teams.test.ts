import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

async function inviteLink(owner: TestClient, teamId: string, email: string, role = 'agent') {
  const res = await owner.post(`/api/teams/${teamId}/invitations`, { email, role });
  expect(res.status).toBe(201);
  const mail = (await owner.get('/api/dev/mail')).json.messages.find(
    (m: { toAddress: string }) => m.toAddress === email,
  );
  return /\/invite\/(\S+)/.exec(mail.text)![1]!;
}

describe('teams', () => {
  it('invites, accepts, promotes and records the role change', async () => {
    const owner = new TestClient(app.url);
    await owner.signUp({ name: 'Olive', email: uniqueEmail('olive'), teamName: 'Olive Co' });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const agentEmail = uniqueEmail('andy');
    const token = await inviteLink(owner, teamId, agentEmail);

    const info = await new TestClient(app.url).get(`/api/invitations/${token}`);
    expect(info.json).toMatchObject({ teamName: 'Olive Co', email: agentEmail, role: 'agent', state: 'open' });

    const agent = new TestClient(app.url);
    await agent.signUp({ name: 'Andy', email: agentEmail, invitationToken: token });
    expect((await agent.loadMe()).teams).toEqual([expect.objectContaining({ id: teamId, role: 'agent' })]);
    expect((await agent.get(`/api/teams/${teamId}/members`)).status).toBe(403);

    const members = (await owner.get(`/api/teams/${teamId}/members`)).json.members;
    const andy = members.find((m: { email: string }) => m.email === agentEmail);
    expect((await owner.patch(`/api/teams/${teamId}/members/${andy.id}`, { role: 'admin' })).status).toBe(200);
    expect((await agent.get(`/api/teams/${teamId}/members`)).status).toBe(200);

    const events = (await owner.get(`/api/teams/${teamId}/security-events`)).json.events;
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'member_role_changed',
        detail: expect.objectContaining({ from: 'agent', to: 'admin' }),
      }),
    );
    // A used link cannot be used again.
    const again = new TestClient(app.url);
    await again.signUp({ name: 'Eve', email: uniqueEmail('eve') });
    expect((await again.post(`/api/invitations/${token}/accept`)).status).toBe(409);
  });

  it('refuses an invitation accepted by a different e-mail address, and revoked or expired links', async () => {
    const owner = new TestClient(app.url);
    await owner.signUp({ name: 'Ned', email: uniqueEmail('ned') });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const token = await inviteLink(owner, teamId, uniqueEmail('intended'));
    const stranger = new TestClient(app.url);
    await stranger.signUp({ name: 'Stranger', email: uniqueEmail('stranger') });
    const res = await stranger.post(`/api/invitations/${token}/accept`);
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/sent to/);

    const invs = (await owner.get(`/api/teams/${teamId}/invitations`)).json.invitations;
    expect((await owner.del(`/api/teams/${teamId}/invitations/${invs[0].id}`)).status).toBe(204);
    expect((await new TestClient(app.url).get(`/api/invitations/${token}`)).json.state).toBe('revoked');

    const expiredEmail = uniqueEmail('late');
    const expiredToken = await inviteLink(owner, teamId, expiredEmail);
    await app.deps.pool.query(`update invitations set expires_at = now() - interval '1 minute' where email = $1`, [
      expiredEmail,
    ]);
    const late = new TestClient(app.url);
    await late.signUp({ name: 'Late', email: expiredEmail });
    const lateRes = await late.post(`/api/invitations/${expiredToken}/accept`);
    expect(lateRes.status).toBe(409);
    expect(lateRes.json.error.message).toMatch(/expired/);
  });

  it('refuses a duplicate invitation and inviting an existing member', async () => {
    const owner = new TestClient(app.url);
    const ownerEmail = uniqueEmail('dup');
    await owner.signUp({ name: 'Dup', email: ownerEmail });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    expect((await owner.post(`/api/teams/${teamId}/invitations`, { email: ownerEmail })).status).toBe(409);
    const email = uniqueEmail('twice');
    expect((await owner.post(`/api/teams/${teamId}/invitations`, { email })).status).toBe(201);
    const second = await owner.post(`/api/teams/${teamId}/invitations`, { email });
    expect(second.status).toBe(409);
    expect(second.json.error.fields.email).toBeTruthy();
    expect((await owner.post(`/api/teams/${teamId}/invitations`, { email: 'not-an-email' })).status).toBe(400);
  });

  it('never leaves a team without an owner, and lets a member belong to several teams', async () => {
    const owner = new TestClient(app.url);
    const email = uniqueEmail('solo');
    await owner.signUp({ name: 'Solo', email });
    const me = await owner.loadMe();
    const teamId = me.teams[0]!.id;
    const self = (await owner.get(`/api/teams/${teamId}/members`)).json.members[0];
    const demote = await owner.patch(`/api/teams/${teamId}/members/${self.id}`, { role: 'agent' });
    expect(demote.status).toBe(403);
    expect((await owner.del(`/api/teams/${teamId}/members/${self.id}`)).status).toBe(403);

    const second = await owner.post('/api/teams', { name: 'Second Team' });
    expect(second.status).toBe(201);
    expect((await owner.loadMe()).teams.map((t) => t.name)).toEqual([me.teams[0]!.name, 'Second Team']);
  });

  it('removes a member, who then cannot reach the team', async () => {
    const owner = new TestClient(app.url);
    await owner.signUp({ name: 'Rem', email: uniqueEmail('rem') });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const agentEmail = uniqueEmail('gone');
    const token = await inviteLink(owner, teamId, agentEmail);
    const agent = new TestClient(app.url);
    await agent.signUp({ name: 'Gone', email: agentEmail, invitationToken: token });
    const m = (await owner.get(`/api/teams/${teamId}/members`)).json.members.find(
      (x: { email: string }) => x.email === agentEmail,
    );
    expect((await owner.del(`/api/teams/${teamId}/members/${m.id}`)).status).toBe(204);
    expect((await agent.get(`/api/teams/${teamId}`)).status).toBe(404);
  });
});
