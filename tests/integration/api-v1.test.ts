import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { TestClient } from '../support/http-client';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// The public API's own rules: keys (create, read-only, revoke), rate limits, idempotency and lead creation.
// Which team a key reaches is proven route by route in team-isolation.test.ts.

const RATE_LIMIT = 25;
let app: TestApp;
let team: TeamFixture;
let campaignId: string;

beforeAll(async () => {
  app = await startTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) } });
  team = await createTeamWithAgent(app, 'Apiary');
  campaignId = await createCampaign(team.owner, team.teamId, { name: 'API campaign' });
});
afterAll(async () => app?.stop());

async function newKey(access: 'read' | 'read_write', name = `key ${access}`) {
  const res = await team.owner.post(`/api/teams/${team.teamId}/api-keys`, { name, access });
  expect(res.status).toBe(201);
  return { id: res.json.key.id as string, secret: res.json.secret as string };
}

const withKey = (secret: string) => new TestClient(app.url, { headers: { authorization: `Bearer ${secret}` } });

describe('API keys', () => {
  it('are shown once, stored hashed and listed without the secret', async () => {
    const { id, secret } = await newKey('read', 'Reporting');
    expect(secret).toMatch(/^dsk_/);
    const list = await team.owner.get(`/api/teams/${team.teamId}/api-keys`);
    const listed = list.json.keys.find((k: { id: string }) => k.id === id);
    expect(listed).toMatchObject({ name: 'Reporting', access: 'read', prefix: secret.slice(0, 12), lastUsedAt: null });
    expect(list.text).not.toContain(secret);
    const { rows } = await app.deps.pool.query('select secret_hash from api_keys where id = $1', [id]);
    expect(rows[0].secret_hash).not.toContain(secret.slice(4));
  });

  it('cannot be created by an agent', async () => {
    const res = await team.agent.post(`/api/teams/${team.teamId}/api-keys`, { name: 'Mine', access: 'read' });
    expect(res.status).toBe(403);
  });

  it('says what to fix in a bad request', async () => {
    const res = await team.owner.post(`/api/teams/${team.teamId}/api-keys`, { name: '', access: 'admin' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields)).toEqual(expect.arrayContaining(['name', 'access']));
  });

  it('authenticate /api/v1 and record when they were last used', async () => {
    const { id, secret } = await newKey('read');
    const res = await withKey(secret).get('/api/v1/campaigns');
    expect(res.status).toBe(200);
    expect(res.json.campaigns.map((c: { id: string }) => c.id)).toContain(campaignId);
    const list = await team.owner.get(`/api/teams/${team.teamId}/api-keys`);
    expect(list.json.keys.find((k: { id: string }) => k.id === id).lastUsedAt).not.toBeNull();
  });

  it('refuses a request without a key, with a malformed key, or with only a login cookie', async () => {
    const none = await new TestClient(app.url).get('/api/v1/campaigns');
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('unauthenticated');
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await withKey('dsk_not-a-real-key').get('/api/v1/campaigns')).status).toBe(401);
    expect((await withKey(`dsk_${'A'.repeat(43)}`).get('/api/v1/campaigns')).status).toBe(401);
    // A signed-in owner's browser cookie is not an API credential.
    expect((await team.owner.get('/api/v1/campaigns')).status).toBe(401);
  });

  it('a read-only key can read but not write', async () => {
    const { secret } = await newKey('read');
    const client = withKey(secret);
    expect((await client.get('/api/v1/leads')).status).toBe(200);
    const write = await client.post('/api/v1/dnc', { phone: '(415) 555-0160' });
    expect(write.status).toBe(403);
    expect(write.json.error.message).toMatch(/read-only/);
    const { rows } = await app.deps.pool.query('select 1 from dnc_numbers where phone = $1', ['+14155550160']);
    expect(rows).toHaveLength(0);
  });

  it('a revoked key is refused at once', async () => {
    const { id, secret } = await newKey('read_write');
    const client = withKey(secret);
    expect((await client.get('/api/v1/campaigns')).status).toBe(200);
    const revoke = await team.owner.post(`/api/teams/${team.teamId}/api-keys/${id}/revoke`);
    expect(revoke.status).toBe(200);
    expect(revoke.json.key.revokedAt).not.toBeNull();
    const after = await client.get('/api/v1/campaigns');
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('unauthenticated');
  });

  it('stops working when its creator is no longer an admin of the team', async () => {
    const fixture = await createTeamWithAgent(app, 'Demotion');
    const promote = await fixture.owner.patch(`/api/teams/${fixture.teamId}/members/${fixture.agentMemberId}`, {
      role: 'admin',
    });
    expect(promote.status).toBe(200);
    const created = await fixture.agent.post(`/api/teams/${fixture.teamId}/api-keys`, {
      name: 'Admin key',
      access: 'read_write',
    });
    expect(created.status).toBe(201);
    const client = withKey(created.json.secret);
    expect((await client.get('/api/v1/campaigns')).status).toBe(200);
    await fixture.owner.patch(`/api/teams/${fixture.teamId}/members/${fixture.agentMemberId}`, { role: 'agent' });
    expect((await client.get('/api/v1/campaigns')).status).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  it('is served at /api/v1/openapi.json without a key, naming this server', async () => {
    const res = await new TestClient(app.url).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(res.json.servers[0].url).toBe(app.deps.settings.publicBaseUrl);
    expect(Object.keys(res.json.paths)).toContain('/api/v1/leads/bulk');
  });
});

describe('rate limits', () => {
  it('carry the RateLimit headers and answer 429 with Retry-After past the limit', async () => {
    const { secret } = await newKey('read');
    const client = withKey(secret);
    const first = await client.get('/api/v1/dispositions');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe(`${RATE_LIMIT};w=60`);
    expect(first.headers.get('ratelimit')).toMatch(
      new RegExp(`^limit=${RATE_LIMIT}, remaining=${RATE_LIMIT - 1}, reset=\\d+$`),
    );
    for (let i = 1; i < RATE_LIMIT; i++) expect((await client.get('/api/v1/dispositions')).status).toBe(200);
    const over = await client.get('/api/v1/dispositions');
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit')).toMatch(/remaining=0/);
    // Another key of the same team has its own budget.
    const other = await newKey('read');
    expect((await withKey(other.secret).get('/api/v1/dispositions')).status).toBe(200);
  });
});

describe('idempotency', () => {
  it('replays the stored answer for the same key and body, and refuses another body with 422', async () => {
    const { secret } = await newKey('read_write');
    const client = withKey(secret);
    const body = { campaignId, lead: { firstName: 'Ida', lastName: 'Empotent', phone: '(206) 555-0101' } };
    const first = await client.post('/api/v1/leads', body, { 'idempotency-key': 'order-1001' });
    expect(first.status).toBe(201);
    expect(first.json.results[0].outcome).toBe('created');
    const again = await client.post('/api/v1/leads', body, { 'idempotency-key': 'order-1001' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The stored answer, not a second run (which would have said "duplicate").
    expect(again.json).toEqual(first.json);
    const other = await client.post(
      '/api/v1/leads',
      { ...body, lead: { ...body.lead, phone: '(206) 555-0102' } },
      { 'idempotency-key': 'order-1001' },
    );
    expect(other.status).toBe(422);
    expect(other.json.error.message).toMatch(/Idempotency-Key/);
    const { rows } = await app.deps.pool.query(
      'select count(*)::int as n from leads where campaign_id = $1 and phone in ($2, $3)',
      [campaignId, '+12065550101', '+12065550102'],
    );
    expect(rows[0].n).toBe(1);
  });

  it('runs a POST without the header every time', async () => {
    const { secret } = await newKey('read_write');
    const client = withKey(secret);
    const body = { campaignId, lead: { phone: '(206) 555-0103' } };
    expect((await client.post('/api/v1/leads', body)).json.results[0].outcome).toBe('created');
    expect((await client.post('/api/v1/leads', body)).json.results[0].outcome).toBe('duplicate');
  });

  it('forgets stored answers after a day (the purge job)', async () => {
    const { id, secret } = await newKey('read_write');
    const client = withKey(secret);
    await client.post('/api/v1/dnc', { phone: '(206) 555-0115' }, { 'idempotency-key': 'old' });
    await client.post('/api/v1/dnc', { phone: '(206) 555-0116' }, { 'idempotency-key': 'fresh' });
    await app.deps.pool.query(
      `update api_idempotency set created_at = created_at - interval '25 hours' where api_key_id = $1 and key = 'old'`,
      [id],
    );
    const def = jobs.find((j) => j.id === 'purge-rate-limits')!;
    await app.jobs!.boss.send(def.id, {});
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(1);
    const { rows } = await app.deps.pool.query('select key from api_idempotency where api_key_id = $1', [id]);
    expect(rows.map((r) => r.key)).toEqual(['fresh']);
  });

  it('keeps keys apart per API key', async () => {
    const a = withKey((await newKey('read_write')).secret);
    const b = withKey((await newKey('read_write')).secret);
    const one = await a.post('/api/v1/dnc', { phone: '(206) 555-0111' }, { 'idempotency-key': 'same' });
    const two = await b.post('/api/v1/dnc', { phone: '(206) 555-0112' }, { 'idempotency-key': 'same' });
    expect(one.status).toBe(201);
    expect(two.status).toBe(201);
    expect(two.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('leads through the API', () => {
  it('normalises, dedupes and checks DNC as an import does, answering per lead', async () => {
    const client = withKey((await newKey('read_write')).secret);
    expect((await client.post('/api/v1/dnc', { phone: '+1 (206) 555-0124', reason: 'asked' })).status).toBe(201);
    const res = await client.post('/api/v1/leads/bulk', {
      campaignId,
      leads: [
        { first_name: 'Ann', last_name: 'Alias', mobile: '206.555.0121', Email: 'ANN@Example.com', zip: '98101' },
        { name: 'Bo Fullname', cell: '(206) 555-0122', tags: ['web', 'spring'], custom: { source: 'form' } },
        { phone: '206-555-0121' },
        { phone: 'not a phone' },
        { phone: '(206) 555-0124' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'created',
      'created',
      'duplicate',
      'invalid',
      'dnc',
    ]);
    expect(res.json.results[3].reason).toMatch(/phone/i);
    expect(res.json.counts).toEqual({ created: 2, updated: 0, duplicate: 1, invalid: 1, dnc: 1 });
    const { rows } = await app.deps.pool.query(
      `select phone, first_name, last_name, email, zip, tags, custom, dnc from leads where campaign_id = $1 and phone in ('+12065550121', '+12065550122', '+12065550124') order by phone`,
      [campaignId],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        phone: '+12065550121',
        first_name: 'Ann',
        last_name: 'Alias',
        email: 'ann@example.com',
      }),
      expect.objectContaining({
        phone: '+12065550122',
        first_name: 'Bo',
        last_name: 'Fullname',
        tags: ['web', 'spring'],
        custom: { source: 'form' },
      }),
      expect.objectContaining({ phone: '+12065550124', dnc: true }),
    ]);
    // A second delivery of the same lead is a duplicate.
    const again = await client.post('/api/v1/leads', { campaignId, lead: { phone: '(206) 555-0122' } });
    expect(again.json.results[0]).toMatchObject({ outcome: 'duplicate', phone: '+12065550122' });
  });

  it('queues a lead.created webhook for each lead it creates, as an import does', async () => {
    const hook = await team.owner.post(`/api/teams/${team.teamId}/webhooks`, {
      url: 'http://127.0.0.1:9/crm',
      events: ['lead.created'],
    });
    expect(hook.status).toBe(201);
    const endpointId = hook.json.id as string;
    try {
      const client = withKey((await newKey('read_write')).secret);
      const res = await client.post('/api/v1/leads/bulk', {
        campaignId,
        leads: [{ phone: '(206) 555-0141' }, { phone: '(206) 555-0142' }, { phone: '206.555.0141' }],
      });
      expect(res.json.counts).toMatchObject({ created: 2, duplicate: 1 });
      const { rows } = await app.deps.pool.query(
        `select event_type, payload->'data'->>'phone' as phone from webhook_deliveries where endpoint_id = $1 order by seq`,
        [endpointId],
      );
      expect(rows).toEqual([
        { event_type: 'lead.created', phone: '+12065550141' },
        { event_type: 'lead.created', phone: '+12065550142' },
      ]);
    } finally {
      await team.owner.request('DELETE', `/api/teams/${team.teamId}/webhooks/${endpointId}`);
    }
  });

  it('refuses more than 1,000 leads in one request, storing nothing', async () => {
    const client = withKey((await newKey('read_write')).secret);
    const leads = Array.from({ length: 1001 }, (_, i) => ({ phone: `+1206555${String(2000 + i).padStart(4, '0')}` }));
    const res = await client.post('/api/v1/leads/bulk', { campaignId, leads });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.leads).toMatch(/1000/);
    const { rows } = await app.deps.pool.query(
      `select count(*)::int as n from leads where campaign_id = $1 and phone like '+12065552%'`,
      [campaignId],
    );
    expect(rows[0].n).toBe(0);
  });

  it('updates, finds and deletes a lead', async () => {
    const client = withKey((await newKey('read_write')).secret);
    const created = await client.post('/api/v1/leads', { campaignId, lead: { phone: '(206) 555-0131', first: 'Cy' } });
    const leadId = created.json.results[0].leadId as string;
    const patched = await client.patch(`/api/v1/leads/${leadId}`, { notes: 'Prefers mornings' });
    expect(patched.status).toBe(200);
    expect(patched.json.lead.notes).toBe('Prefers mornings');
    const found = await client.get(`/api/v1/leads?q=${encodeURIComponent('555-0131')}`);
    expect(found.json.leads.map((l: { id: string }) => l.id)).toEqual([leadId]);
    expect((await client.del(`/api/v1/leads/${leadId}`)).status).toBe(204);
    expect((await client.get(`/api/v1/leads/${leadId}`)).status).toBe(404);
  });

  it('answers errors in the app shape', async () => {
    const client = withKey((await newKey('read_write')).secret);
    const res = await client.post('/api/v1/leads', { campaignId: 'nope', lead: {} });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_input' });
    const missing = await client.get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });
});
