import type { TestApp } from './test-app';
import { TestClient, uniqueEmail } from './http-client';

export type TeamFixture = {
  teamId: string;
  owner: TestClient;
  agent: TestClient;
  ownerMemberId: string;
  agentMemberId: string;
};

/** A team with an owner and an invited agent, both signed in, as the UI would leave them. */
export async function createTeamWithAgent(app: TestApp, name: string): Promise<TeamFixture> {
  const owner = new TestClient(app.url);
  await owner.signUp({ name: `${name} Owner`, email: uniqueEmail(name.toLowerCase()), teamName: name });
  const teamId = (await owner.loadMe()).teams[0]!.id;
  const agentEmail = uniqueEmail(`${name.toLowerCase()}-agent`);
  const inv = await owner.post(`/api/teams/${teamId}/invitations`, { email: agentEmail, role: 'agent' });
  if (inv.status !== 201) throw new Error(`invite failed ${inv.status} ${inv.text}`);
  const mail = (await owner.get('/api/dev/mail')).json.messages.find(
    (m: { toAddress: string }) => m.toAddress === agentEmail,
  );
  const token = /\/invite\/(\S+)/.exec(mail.text)![1]!;
  const agent = new TestClient(app.url);
  await agent.signUp({ name: `${name} Agent`, email: agentEmail, invitationToken: token });
  const members = (await owner.get(`/api/teams/${teamId}/members`)).json.members as { id: string; role: string }[];
  return {
    teamId,
    owner,
    agent,
    ownerMemberId: members.find((m) => m.role === 'owner')!.id,
    agentMemberId: members.find((m) => m.role === 'agent')!.id,
  };
}

/** Creates a campaign through the API and returns its id. */
export async function createCampaign(client: TestClient, teamId: string, body: Record<string, unknown> = {}) {
  const res = await client.post(`/api/teams/${teamId}/campaigns`, {
    name: `Campaign ${Math.random().toString(36).slice(2, 8)}`,
    recordingDisclosure: 'This call may be recorded.',
    ...body,
  });
  if (res.status !== 201) throw new Error(`campaign create failed ${res.status} ${res.text}`);
  return res.json.id as string;
}
