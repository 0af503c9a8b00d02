import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

const DRIP_LIMIT = 12;
let app: TestApp;
let team: TeamFixture;
let campaignId: string;
let url: string;

beforeAll(async () => {
  // One batch at a time and none waiting, so the busy test below can fill the drip gate with a single request.
  app = await startTestApp({
    env: { DRIP_RATE_LIMIT_PER_MINUTE: String(DRIP_LIMIT), DRIP_CONCURRENCY: '1', DRIP_MAX_WAITING: '0' },
  });
  team = await createTeamWithAgent(app, 'Dripper');
  campaignId = await createCampaign(team.owner, team.teamId, { name: 'Drip campaign' });
  const on = await team.owner.post(`/api/teams/${team.teamId}/campaigns/${campaignId}/drip/enable`);
  expect(on.status).toBe(200);
  url = on.json.url;
});
afterAll(async () => app?.stop());

const post = (to: string, body: string) =>
  fetch(to, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({
    status: r.status,
    headers: r.headers,
    json: await r.json(),
  }));
const leadCount = async (campaign = campaignId) =>
  (await app.deps.pool.query('select count(*)::int as n from leads where campaign_id = $1', [campaign])).rows[0].n;

describe('the lead drip URL', () => {
  it('is a long random URL on this server', () => {
    expect(url).toMatch(new RegExp(`^${app.deps.settings.publicBaseUrl}/ingest/leads/[A-Za-z0-9_-]{43}$`));
  });

  it('takes one lead, an array, or an array under a wrapper key, matching common aliases', async () => {
    const one = await post(url, JSON.stringify({ first_name: 'Una', last_name: 'One', mobile: '(312) 555-0101' }));
    expect(one.status).toBe(200);
    expect(one.json.results).toEqual([
      expect.objectContaining({ index: 0, outcome: 'created', phone: '+13125550101' }),
    ]);
    const many = await post(
      url,
      JSON.stringify([{ cell: '312-555-0102' }, { Phone: '312 555 0103', Email: 'X@Y.COM' }]),
    );
    expect(many.json.counts.created).toBe(2);
    const wrapped = await post(url, JSON.stringify({ leads: [{ fullName: 'Wren Rapped', telephone: '3125550104' }] }));
    expect(wrapped.json.results[0].outcome).toBe('created');
    const { rows } = await app.deps.pool.query(
      `select first_name, last_name, email from leads where campaign_id = $1 and phone in ('+13125550103', '+13125550104') order by phone`,
      [campaignId],
    );
    expect(rows).toEqual([
      { first_name: null, last_name: null, email: 'x@y.com' },
      { first_name: 'Wren', last_name: 'Rapped', email: null },
    ]);
  });

  it('answers per lead: duplicate, invalid with a reason, and DNC', async () => {
    await team.owner.post(`/api/teams/${team.teamId}/dnc`, { phone: '(312) 555-0109', reason: 'asked' });
    const res = await post(
      url,
      JSON.stringify([{ phone: '(312) 555-0101' }, { phone: '12' }, { phone: '312-555-0109' }]),
    );
    expect(res.json.results.map((r: { outcome: string }) => r.outcome)).toEqual(['duplicate', 'invalid', 'dnc']);
    expect(res.json.results[1].reason).toMatch(/short/i);
  });

  it('refuses 1,001 leads with 413 and malformed JSON with 400, storing nothing', async () => {
    const before = await leadCount();
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ phone: `+1312555${String(3000 + i)}` }));
    const big = await post(url, JSON.stringify({ leads: tooMany }));
    expect(big.status).toBe(413);
    expect(big.json.error.message).toMatch(/1000/);
    const bad = await post(url, '{"phone": "3125550150",');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/not valid JSON/);
    expect(await leadCount()).toBe(before);
  });

  it('stores consent fields as a consent record shown with the lead', async () => {
    const res = await post(
      url,
      JSON.stringify({
        phone: '(312) 555-0120',
        consent_date: '2026-12-01T15:30:00Z',
        consent_source: 'https://vendor.example/form',
        trustedform_cert_url: 'https://cert.trustedform.com/0123abcd',
      }),
    );
    const leadId = res.json.results[0].leadId;
    const lead = await team.owner.get(`/api/teams/${team.teamId}/leads/${leadId}`);
    expect(lead.json.consents).toEqual([
      expect.objectContaining({
        consentedAt: '2026-12-01T15:30:00.000Z',
        source: 'https://vendor.example/form',
        proofUrl: 'https://cert.trustedform.com/0123abcd',
        via: 'drip',
      }),
    ]);
    expect(lead.json.lead.custom).toEqual({});
  });

  it('maps the campaign’s own field names by its saved mapping', async () => {
    const saved = await team.owner.request('PUT', `/api/teams/${team.teamId}/campaigns/${campaignId}/drip/mapping`, {
      mapping: { 'Prospect Number': 'phone', 'Given Name': 'first_name', secret_score: 'ignore' },
    });
    expect(saved.status).toBe(200);
    const res = await post(
      url,
      JSON.stringify({ prospectNumber: '312-555-0130', 'given name': 'Mapp', secret_score: 9 }),
    );
    expect(res.json.results[0].outcome).toBe('created');
    const { rows } = await app.deps.pool.query('select first_name, custom from leads where id = $1', [
      res.json.results[0].leadId,
    ]);
    expect(rows[0]).toEqual({ first_name: 'Mapp', custom: {} });
    const wrong = await team.owner.request('PUT', `/api/teams/${team.teamId}/campaigns/${campaignId}/drip/mapping`, {
      mapping: { x: 'shoe_size' },
    });
    expect(wrong.status).toBe(400);
  });

  it('logs every delivery on the campaign', async () => {
    const settings = await team.owner.get(`/api/teams/${team.teamId}/campaigns/${campaignId}/drip`);
    expect(settings.json.enabled).toBe(true);
    const statuses = settings.json.deliveries.map((d: { status: number }) => d.status);
    expect(statuses).toEqual(expect.arrayContaining([200, 400, 413]));
    const first = settings.json.deliveries.at(-1);
    expect(first).toMatchObject({ status: 200, leads: 1, counts: { created: 1 } });
    // Agents do not manage drips.
    expect((await team.agent.get(`/api/teams/${team.teamId}/campaigns/${campaignId}/drip`)).status).toBe(403);
  });

  it('answers 404 to a wrong token, and to the old URL after a rotation or once disabled', async () => {
    expect((await post(`${app.url}/ingest/leads/${'x'.repeat(43)}`, '{"phone":"3125550140"}')).status).toBe(404);
    expect((await post(`${app.url}/ingest/leads/short`, '{"phone":"3125550140"}')).status).toBe(404);
    const rotated = await team.owner.post(`/api/teams/${team.teamId}/campaigns/${campaignId}/drip/enable`);
    expect(rotated.json.url).not.toBe(url);
    expect((await post(url, '{"phone":"3125550141"}')).status).toBe(404);
    expect((await post(rotated.json.url, '{"phone":"3125550141"}')).status).toBe(200);
    const off = await team.owner.post(`/api/teams/${team.teamId}/campaigns/${campaignId}/drip/disable`);
    expect(off.json.enabled).toBe(false);
    expect((await post(rotated.json.url, '{"phone":"3125550142"}')).status).toBe(404);
    url = (await team.owner.post(`/api/teams/${team.teamId}/campaigns/${campaignId}/drip/enable`)).json.url;
  });

  it('rate-limits each URL with 429 and Retry-After', async () => {
    const other = await createCampaign(team.owner, team.teamId, { name: 'Busy drip' });
    const busy = (await team.owner.post(`/api/teams/${team.teamId}/campaigns/${other}/drip/enable`)).json.url;
    for (let i = 0; i < DRIP_LIMIT; i++) expect((await post(busy, '{"phone":"12"}')).status).toBe(200);
    const over = await post(busy, '{"phone":"3125550160"}');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await leadCount(other)).toBe(0);
  });

  it('works on a bounded number of batches at once, turning the rest away with 429 and Retry-After', async () => {
    // Hold inserts into leads, so the first delivery stays inside the server's only drip slot.
    const blocker = await app.deps.pool.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table leads in share row exclusive mode');
      const first = post(url, '{"phone":"3125550170"}');
      await vi.waitFor(
        async () => {
          const { rows } = await app.deps.pool.query(
            `select count(*)::int as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock' and query ilike '%insert into leads%'`,
          );
          expect(rows[0].n).toBe(1);
        },
        { timeout: 10_000, interval: 20 },
      );
      const turnedAway = await post(url, '{"phone":"3125550171"}');
      expect(turnedAway.status).toBe(429);
      expect(turnedAway.headers.get('retry-after')).toBe('1');
      expect(turnedAway.json.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/retry/) });
      await blocker.query('commit');
      expect((await first).json.results[0].outcome).toBe('created');
    } finally {
      await blocker.query('rollback').catch(() => {});
      blocker.release();
    }
    // The slot is free again: the lead turned away is taken when sent again.
    const again = await post(url, '{"phone":"3125550171"}');
    expect(again.status).toBe(200);
    expect(again.json.results[0].outcome).toBe('created');
  });

  it('keeps the delivery log 30 days', async () => {
    await app.deps.pool.query(
      `update lead_drip_deliveries set received_at = received_at - interval '31 days' where campaign_id = $1 and status = 413`,
      [campaignId],
    );
    const def = jobs.find((j) => j.id === 'purge-security-logs')!;
    await app.jobs!.boss.send(def.id, {});
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(1);
    const { rows } = await app.deps.pool.query('select status from lead_drip_deliveries where campaign_id = $1', [
      campaignId,
    ]);
    expect(rows.map((r) => r.status)).not.toContain(413);
    expect(rows.map((r) => r.status)).toContain(200);
  });
});
