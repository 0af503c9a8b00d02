import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../src/server/app';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';
import { seedLeadData, type LeadDataIds } from '../support/lead-fixture';
import { seedCallData, type CallDataIds } from '../support/call-fixture';
import { DEFAULT_CALLER_ID_HEALTH } from '../../src/core/api/caller-id-health.types';

/**
 * Every team-scoped route, with the ids it needs and the role it requires. A route added under
 * /api/teams/:teamId without an entry here fails the "covers every route" test below.
 */
type Ids = {
  memberId: string;
  invitationId: string;
  exportId: string;
  endpointId: string;
  deliveryId: string;
  apiKeyId: string;
  dropMessageId: string;
} & LeadDataIds &
  CallDataIds;
type RouteCase = {
  method: string;
  path: string;
  minRole: 'agent' | 'admin' | 'owner';
  body?: (ids: Ids) => unknown;
  agentAllowedOnSelf?: boolean;
};

const routes: RouteCase[] = [
  { method: 'GET', path: '/api/teams/:teamId', minRole: 'agent' },
  { method: 'PATCH', path: '/api/teams/:teamId', minRole: 'admin', body: () => ({ name: 'Changed name' }) },
  {
    method: 'POST',
    path: '/api/teams/:teamId/delete',
    minRole: 'owner',
    body: () => ({ password: 'correct horse battery staple', confirmName: 'Bravo' }),
  },
  {
    method: 'PUT',
    path: '/api/teams/:teamId/time-zone',
    minRole: 'admin',
    body: () => ({ timeZone: 'Europe/Paris' }),
  },
  { method: 'GET', path: '/api/teams/:teamId/members', minRole: 'admin' },
  { method: 'PATCH', path: '/api/teams/:teamId/members/:memberId', minRole: 'admin', body: () => ({ role: 'agent' }) },
  { method: 'DELETE', path: '/api/teams/:teamId/members/:memberId', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/invitations', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/invitations',
    minRole: 'admin',
    body: () => ({ email: uniqueEmail('inv'), role: 'agent' }),
  },
  { method: 'DELETE', path: '/api/teams/:teamId/invitations/:invitationId', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/security-events', minRole: 'admin' },
  // Billing.
  { method: 'GET', path: '/api/teams/:teamId/access', minRole: 'agent' },
  { method: 'GET', path: '/api/teams/:teamId/billing', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/billing/checkout',
    minRole: 'owner',
    body: () => ({ planId: 'standard', seats: 1 }),
  },
  { method: 'POST', path: '/api/teams/:teamId/billing/portal', minRole: 'owner' },
  // Calls, recordings, caller IDs and the event stream.
  { method: 'POST', path: '/api/teams/:teamId/calls/:callId/hang-up', minRole: 'agent' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/calls/:callId/recording',
    minRole: 'agent',
    body: () => ({ action: 'pause' }),
  },
  { method: 'GET', path: '/api/teams/:teamId/calls/:callId/recording', minRole: 'agent' },
  { method: 'POST', path: '/api/teams/:teamId/agent-token', minRole: 'agent' },
  { method: 'GET', path: '/api/teams/:teamId/events', minRole: 'agent' },
  { method: 'GET', path: '/api/teams/:teamId/caller-ids', minRole: 'admin' },
  { method: 'POST', path: '/api/teams/:teamId/caller-ids/sync', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/caller-ids/simulated-inbound-calls',
    minRole: 'admin',
    body: () => ({ from: '+12125550147', to: '+12025550123', hangUpAfterSec: 1 }),
  },
  { method: 'GET', path: '/api/teams/:teamId/caller-ids/health', minRole: 'admin' },
  {
    method: 'PUT',
    path: '/api/teams/:teamId/caller-ids/health',
    minRole: 'admin',
    body: () => ({ ...DEFAULT_CALLER_ID_HEALTH, restDays: 5 }),
  },
  { method: 'PATCH', path: '/api/teams/:teamId/caller-ids/:numberId', minRole: 'admin', body: () => ({ dailyCap: 5 }) },
  {
    method: 'PUT',
    path: '/api/teams/:teamId/caller-ids/pools/:campaignId',
    minRole: 'admin',
    body: (ids) => ({ phoneNumberIds: [ids.numberId], defaultId: ids.numberId }),
  },
  // The agent's dialer: every route acts on the caller's own session in the team.
  { method: 'GET', path: '/api/teams/:teamId/dialer', minRole: 'agent' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/dialer/ready',
    minRole: 'agent',
    body: (ids) => ({ campaignId: ids.campaignId }),
  },
  { method: 'POST', path: '/api/teams/:teamId/dialer/pause', minRole: 'agent', body: () => ({ to: 'paused' }) },
  { method: 'POST', path: '/api/teams/:teamId/dialer/heartbeat', minRole: 'agent' },
  { method: 'POST', path: '/api/teams/:teamId/dialer/browser-leg', minRole: 'agent' },
  { method: 'POST', path: '/api/teams/:teamId/dialer/browser-leg/token', minRole: 'agent' },
  { method: 'POST', path: '/api/teams/:teamId/dialer/next', minRole: 'agent' },
  { method: 'POST', path: '/api/teams/:teamId/dialer/skip', minRole: 'agent' },
  { method: 'POST', path: '/api/teams/:teamId/dialer/dial', minRole: 'agent' },
  { method: 'POST', path: '/api/teams/:teamId/dialer/drop-voicemail', minRole: 'agent' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/dialer/disposition',
    minRole: 'agent',
    body: () => ({ callId: '00000000-0000-4000-8000-000000000000', disposition: 'interested' }),
  },
  { method: 'GET', path: '/api/teams/:teamId/call-log', minRole: 'agent' },
  { method: 'GET', path: '/api/teams/:teamId/call-log/export.csv', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/call-log/:callId', minRole: 'agent' },
  { method: 'GET', path: '/api/teams/:teamId/dashboard/campaigns/:campaignId', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/reports/:kind', minRole: 'agent' },
  { method: 'GET', path: '/api/teams/:teamId/reports/:kind/export.csv', minRole: 'agent' },
  { method: 'GET', path: '/api/teams/:teamId/dashboard/campaigns/:campaignId/compliance', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/dashboard/campaigns/:campaignId/compliance.csv', minRole: 'admin' },
  // The live floor (wallboard).
  { method: 'GET', path: '/api/teams/:teamId/floor', minRole: 'admin' },
  // Team data export (privacy: access and portability).
  { method: 'GET', path: '/api/teams/:teamId/exports', minRole: 'admin' },
  { method: 'POST', path: '/api/teams/:teamId/exports', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/exports/:exportId/download', minRole: 'admin' },
  // Leads, campaigns, imports, DNC.
  { method: 'GET', path: '/api/teams/:teamId/campaigns', minRole: 'agent' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/campaigns',
    minRole: 'admin',
    body: () => ({ name: 'Intruder campaign', recordingDisclosure: 'Recorded.' }),
  },
  { method: 'GET', path: '/api/teams/:teamId/campaigns/:campaignId', minRole: 'agent' },
  {
    method: 'PUT',
    path: '/api/teams/:teamId/campaigns/:campaignId',
    minRole: 'admin',
    body: () => ({ name: 'Renamed by intruder', recordingDisclosure: 'Recorded.' }),
  },
  { method: 'POST', path: '/api/teams/:teamId/campaigns/:campaignId/archive', minRole: 'admin' },
  { method: 'POST', path: '/api/teams/:teamId/campaigns/:campaignId/restore', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/campaigns/:campaignId/imports',
    minRole: 'admin',
    body: () => 'Name,Phone\nAnn,(415) 555-2671\n',
  },
  { method: 'GET', path: '/api/teams/:teamId/imports', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/imports/:importId', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/imports/:importId/preview', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/imports/:importId/start',
    minRole: 'admin',
    body: () => ({ mapping: [{ column: 1, header: 'Phone', field: 'phone' }] }),
  },
  { method: 'POST', path: '/api/teams/:teamId/imports/:importId/resume', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/imports/:importId/rejects.csv', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/dnc', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/dnc',
    minRole: 'agent',
    body: () => ({ phone: '(415) 555-0199', reason: 'intruder' }),
  },
  { method: 'DELETE', path: '/api/teams/:teamId/dnc/:dncId', minRole: 'admin' },
  { method: 'POST', path: '/api/teams/:teamId/dnc/imports', minRole: 'admin', body: () => 'Phone\n(415) 555-0198\n' },
  { method: 'GET', path: '/api/teams/:teamId/leads', minRole: 'agent' },
  { method: 'GET', path: '/api/teams/:teamId/leads/export.csv', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/leads/bulk',
    minRole: 'admin',
    body: (ids) => ({ selection: { ids: [ids.leadId] }, action: { type: 'delete' } }),
  },
  { method: 'GET', path: '/api/teams/:teamId/leads/:leadId', minRole: 'agent' },
  {
    method: 'PATCH',
    path: '/api/teams/:teamId/leads/:leadId',
    minRole: 'agent',
    body: () => ({ notes: 'intruder was here' }),
  },
  // Outbound webhooks (owners and admins).
  { method: 'GET', path: '/api/teams/:teamId/webhooks', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/webhooks',
    minRole: 'admin',
    body: () => ({ url: 'http://127.0.0.1:9/intruder', events: ['dnc.added'] }),
  },
  {
    method: 'PATCH',
    path: '/api/teams/:teamId/webhooks/:endpointId',
    minRole: 'admin',
    body: () => ({ url: 'http://127.0.0.1:9/intruder', enabled: false }),
  },
  { method: 'DELETE', path: '/api/teams/:teamId/webhooks/:endpointId', minRole: 'admin' },
  { method: 'GET', path: '/api/teams/:teamId/webhooks/:endpointId/deliveries', minRole: 'admin' },
  { method: 'POST', path: '/api/teams/:teamId/webhooks/deliveries/:deliveryId/replay', minRole: 'admin' },
  // API keys.
  { method: 'GET', path: '/api/teams/:teamId/api-keys', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/api-keys',
    minRole: 'admin',
    body: () => ({ name: 'Intruder key', access: 'read' }),
  },
  { method: 'POST', path: '/api/teams/:teamId/api-keys/:apiKeyId/revoke', minRole: 'admin' },
  // A campaign's lead drip.
  { method: 'GET', path: '/api/teams/:teamId/campaigns/:campaignId/drip', minRole: 'admin' },
  { method: 'POST', path: '/api/teams/:teamId/campaigns/:campaignId/drip/enable', minRole: 'admin' },
  { method: 'POST', path: '/api/teams/:teamId/campaigns/:campaignId/drip/disable', minRole: 'admin' },
  {
    method: 'PUT',
    path: '/api/teams/:teamId/campaigns/:campaignId/drip/mapping',
    minRole: 'admin',
    body: () => ({ mapping: { intruder: 'phone' } }),
  },
  // A campaign's voicemail-drop library.
  { method: 'GET', path: '/api/teams/:teamId/campaigns/:campaignId/drop-messages', minRole: 'admin' },
  {
    method: 'POST',
    path: '/api/teams/:teamId/campaigns/:campaignId/drop-messages',
    minRole: 'admin',
    body: () => ({ name: 'Intruder', text: 'Not yours' }),
  },
  { method: 'POST', path: '/api/teams/:teamId/campaigns/:campaignId/drop-messages/audio', minRole: 'admin' },
  {
    method: 'PUT',
    path: '/api/teams/:teamId/campaigns/:campaignId/drop-messages/chosen',
    minRole: 'admin',
    body: (ids) => ({ messageId: ids.dropMessageId }),
  },
  {
    method: 'GET',
    path: '/api/teams/:teamId/campaigns/:campaignId/drop-messages/:dropMessageId/audio',
    minRole: 'admin',
  },
  {
    method: 'DELETE',
    path: '/api/teams/:teamId/campaigns/:campaignId/drop-messages/:dropMessageId',
    minRole: 'admin',
  },
];

/**
 * Every /api/v1 route, called with a read-write key of team A and team B's ids: a route naming a row of team B
 * answers 404, a list answers only team A's rows (none of team B's ids appear in it).
 */
type V1Case = { method: string; path: string; body?: (ids: Ids) => unknown; lists?: boolean };
const v1Routes: V1Case[] = [
  { method: 'GET', path: '/api/v1/campaigns', lists: true },
  { method: 'GET', path: '/api/v1/campaigns/:campaignId' },
  { method: 'GET', path: '/api/v1/leads', lists: true },
  {
    method: 'POST',
    path: '/api/v1/leads',
    body: (ids) => ({ campaignId: ids.campaignId, lead: { phone: '(415) 555-0170' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/leads/bulk',
    body: (ids) => ({ campaignId: ids.campaignId, leads: [{ phone: '(415) 555-0171' }] }),
  },
  { method: 'GET', path: '/api/v1/leads/:leadId' },
  { method: 'PATCH', path: '/api/v1/leads/:leadId', body: () => ({ notes: 'intruder was here' }) },
  { method: 'DELETE', path: '/api/v1/leads/:leadId' },
  { method: 'GET', path: '/api/v1/calls', lists: true },
  { method: 'GET', path: '/api/v1/calls/:callId' },
  { method: 'GET', path: '/api/v1/calls/:callId/recording' },
  { method: 'GET', path: '/api/v1/dispositions', lists: true },
  { method: 'GET', path: '/api/v1/dnc', lists: true },
  // Adds to team A's own list (team B's list is checked unchanged below).
  { method: 'POST', path: '/api/v1/dnc', body: () => ({ phone: '(415) 555-0143', reason: 'intruder' }), lists: true },
  { method: 'DELETE', path: '/api/v1/dnc/:dncId' },
  { method: 'GET', path: '/api/v1/agents', lists: true },
];

let app: TestApp;
// Team A: owner + agent. Team B: the victim, with its own member and invitation ids.
let ownerA: TestClient;
let agentA: TestClient;
let teamA: string;
let idsA: Ids;
let teamB: string;
let idsB: Ids;
let keyA: string;

async function setupTeam(name: string) {
  const owner = new TestClient(app.url);
  await owner.signUp({ name: `${name} Owner`, email: uniqueEmail(name), teamName: name });
  const teamId = (await owner.loadMe()).teams[0]!.id;
  const agentEmail = uniqueEmail(`${name}-agent`);
  await owner.post(`/api/teams/${teamId}/invitations`, { email: agentEmail, role: 'agent' });
  const mail = (await owner.get('/api/dev/mail')).json.messages.find(
    (m: { toAddress: string }) => m.toAddress === agentEmail,
  );
  const token = /\/invite\/(\S+)/.exec(mail.text)![1]!;
  const agent = new TestClient(app.url);
  await agent.signUp({ name: `${name} Agent`, email: agentEmail, invitationToken: token });
  const members = (await owner.get(`/api/teams/${teamId}/members`)).json.members as { id: string; role: string }[];
  const pending = await owner.post(`/api/teams/${teamId}/invitations`, {
    email: uniqueEmail(`${name}-pending`),
    role: 'agent',
  });
  // The owner's membership is the target: an agent may leave (remove itself) but never touch the owner.
  const leadData = await seedLeadData(app, owner, teamId);
  const callData = await seedCallData(app, owner, teamId);
  const exportRun = await owner.post(`/api/teams/${teamId}/exports`);
  const webhooks = await seedWebhookData(owner, teamId);
  const apiKey = await owner.post(`/api/teams/${teamId}/api-keys`, { name: `${name} CRM`, access: 'read_write' });
  const drop = await owner.post(`/api/teams/${teamId}/campaigns/${leadData.campaignId}/drop-messages`, {
    name: `${name} drop`,
    text: 'Please call us back.',
  });
  if (drop.status !== 201) throw new Error(`drop message failed ${drop.status} ${drop.text}`);
  return {
    owner,
    agent,
    teamId,
    apiKeySecret: apiKey.json.secret as string,
    ids: {
      apiKeyId: apiKey.json.key.id,
      dropMessageId: drop.json.id,
      memberId: members.find((m) => m.role === 'owner')!.id,
      invitationId: pending.json.id,
      exportId: exportRun.json.id,
      ...leadData,
      ...callData,
      ...webhooks,
    },
  };
}

/** An endpoint (to a port nothing listens on) and one logged delivery to it: a number added to the DNC list. */
async function seedWebhookData(owner: TestClient, teamId: string) {
  const created = await owner.post(`/api/teams/${teamId}/webhooks`, {
    url: 'http://127.0.0.1:9/hooks',
    events: ['dnc.added'],
  });
  if (created.status !== 201) throw new Error(`webhook endpoint failed ${created.status} ${created.text}`);
  await owner.post(`/api/teams/${teamId}/dnc`, { phone: '(415) 555-0142', reason: 'seed' });
  const log = await owner.get(`/api/teams/${teamId}/webhooks/${created.json.id}/deliveries`);
  return { endpointId: created.json.id as string, deliveryId: log.json.deliveries[0].id as string };
}

const fill = (path: string, teamId: string, ids: Ids) =>
  path
    .replace(':teamId', teamId)
    .replace(/:(\w+Id)/g, (_m, key: string) => (ids as Record<string, string>)[key] ?? `:${key}`);

beforeAll(async () => {
  app = await startTestApp();
  const a = await setupTeam('Alpha');
  const b = await setupTeam('Bravo');
  ({ owner: ownerA, agent: agentA, teamId: teamA, ids: idsA, apiKeySecret: keyA } = a);
  ({ teamId: teamB, ids: idsB } = b);
});
afterAll(async () => app?.stop());

describe('team isolation', () => {
  it('covers every team-scoped route the server registers', () => {
    const registered = createServerApp(app.deps)
      .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/teams/:teamId'))
      .map((r) => `${r.method} ${r.path}`);
    const covered = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(registered)).toEqual(new Set(covered));
  });

  it.each(routes)("answers 404 for another team's id: $method $path", async (r) => {
    // Team B's team id with team B's member/invitation ids …
    const res = await ownerA.request(r.method, fill(r.path, teamB, idsB), r.body?.(idsB));
    expect(res.status).toBe(404);
    // … and team A's own team id with team B's resource ids.
    if (/:(?!teamId)\w+Id/.test(r.path)) {
      const mixed = await ownerA.request(r.method, fill(r.path, teamA, idsB), r.body?.(idsB));
      expect(mixed.status).toBe(404);
    }
  });

  it.each(routes.filter((r) => r.minRole !== 'agent'))(
    'answers 403 to a role below $minRole: $method $path',
    async (r) => {
      const res = await agentA.request(r.method, fill(r.path, teamA, idsA), r.body?.(idsA));
      expect(res.status).toBe(403);
    },
  );

  it('covers every /api/v1 route the server registers', () => {
    const registered = createServerApp(app.deps)
      // The OpenAPI document is public: it describes the API and holds no team data.
      .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/') && r.path !== '/api/v1/openapi.json')
      .map((r) => `${r.method} ${r.path}`);
    expect(new Set(registered)).toEqual(new Set(v1Routes.map((r) => `${r.method} ${r.path}`)));
  });

  it.each(v1Routes)("a team A API key never reaches team B's rows: $method $path", async (r) => {
    const keyClient = new TestClient(app.url, { headers: { authorization: `Bearer ${keyA}` } });
    const res = await keyClient.request(r.method, fill(r.path, teamB, idsB), r.body?.(idsB));
    if (r.lists) {
      expect(res.status).toBeLessThan(300);
      const seen = res.text;
      for (const id of [teamB, idsB.campaignId, idsB.leadId, idsB.callId, idsB.dncId]) expect(seen).not.toContain(id);
    } else {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
  });

  it('changed nothing in team B', async () => {
    const { rows } = await app.deps.pool.query(
      `select (select count(*) from members where team_id = $1)::int as members,
              (select count(*) from invitations where team_id = $1 and revoked_at is null and accepted_at is null)::int as open_invitations,
              (select name from teams where id = $1) as name`,
      [teamB],
    );
    expect(rows[0]).toEqual({ members: 2, open_invitations: 1, name: 'Bravo' });
    const roles = await app.deps.pool.query(`select role from members where team_id = $1 order by role`, [teamB]);
    expect(roles.rows.map((r) => r.role)).toEqual(['agent', 'owner']);
    const hooks = await app.deps.pool.query(
      `select url, enabled, (select count(*) from webhook_deliveries d where d.endpoint_id = e.id)::int as deliveries
       from webhook_endpoints e where team_id = $1`,
      [teamB],
    );
    expect(hooks.rows).toEqual([{ url: 'http://127.0.0.1:9/hooks', enabled: true, deliveries: 1 }]);
  });

  it("changed none of team B's campaigns, imports, leads or do-not-call numbers", async () => {
    const { rows } = await app.deps.pool.query(
      `select (select json_agg(json_build_object('name', name, 'archived', archived_at is not null)) from campaigns where team_id = $1) as campaigns,
              (select json_agg(status) from imports where team_id = $1) as imports,
              (select count(*) from leads where team_id = $1 and notes is null)::int as leads,
              (select json_agg(reason order by reason) from dnc_numbers where team_id = $1) as dnc`,
      [teamB],
    );
    expect(rows[0]).toEqual({
      campaigns: [{ name: 'Isolation campaign', archived: false }],
      imports: ['uploaded'],
      leads: 1,
      // 'seed' is the number added to give the webhook endpoint a delivery.
      dnc: ['fixture', 'seed'],
    });
  });

  it('rejects malformed team ids as not found', async () => {
    expect((await ownerA.get('/api/teams/not-a-uuid/members')).status).toBe(404);
  });
});
