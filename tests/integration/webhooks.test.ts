import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliverDueWebhooks } from '../../src/app/webhooks/deliver-webhooks';
import { LEASE_MS } from '../../src/core/webhooks/events';
import { applyStatusChanges } from '../../src/db/queries/call-status-batch';
import { claimDueDeliveries, enqueueWebhookEvents } from '../../src/db/queries/webhooks';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';
import { importFile } from '../support/import-helpers';
import { createCampaign } from '../support/team-fixture';
import { startWebhookReceiver } from '../support/webhook-receiver';

// A controlled clock: retries are due only when the test moves time on (the worker polls every 50 ms).
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
const HOUR = 3_600_000;

let app: TestApp;
let owner: TestClient;
let teamId: string;
let campaignId: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

const payloadOf = (r: { body: string }) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> };
const waitFor = <T>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 10_000, interval: 25 });

async function insertLead(phone: string) {
  const { rows } = await app.deps.pool.query<{ id: string }>(
    `insert into leads (team_id, campaign_id, phone, first_name, timezones) values ($1, $2, $3, 'Ada', '{America/New_York}') returning id`,
    [teamId, campaignId, phone],
  );
  return rows[0]!.id;
}

async function addEndpoint(events: string[], url = receiver.url) {
  const res = await owner.post(`/api/teams/${teamId}/webhooks`, { url, events });
  expect(res.status).toBe(201);
  return res.json as { id: string; secret: string };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  app = await startTestApp({ clock, env: { WEBHOOK_POLL_MS: '50' } });
  owner = new TestClient(app.url);
  await owner.signUp({ name: 'Hook Owner', email: uniqueEmail('hooks'), teamName: 'Hooks' });
  teamId = (await owner.loadMe()).teams[0]!.id;
  campaignId = await createCampaign(owner, teamId, { name: 'Hooked' });
});
afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

describe('outbound webhooks', () => {
  it('shows the secret once and signs deliveries the Standard Webhooks verifier accepts', async () => {
    const endpoint = await addEndpoint(['dnc.added']);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const list = await owner.get(`/api/teams/${teamId}/webhooks`);
    expect(list.json.endpoints.find((e: { id: string }) => e.id === endpoint.id)).not.toHaveProperty('secret');

    const before = receiver.received.length;
    expect((await owner.post(`/api/teams/${teamId}/dnc`, { phone: '(415) 555-0101', reason: 'asked' })).status).toBe(
      201,
    );
    await waitFor(() => expect(receiver.received.length).toBeGreaterThan(before));
    const hit = receiver.received[before]!;
    const verified = new Webhook(endpoint.secret).verify(hit.body, hit.headers) as { type: string; data: unknown };
    expect(verified).toMatchObject({ type: 'dnc.added', data: { phone: '+14155550101', reason: 'asked' } });
    // A tampered body fails verification.
    expect(() => new Webhook(endpoint.secret).verify(hit.body.replace('asked', 'other'), hit.headers)).toThrow();

    await waitFor(async () => {
      const log = await owner.get(`/api/teams/${teamId}/webhooks/${endpoint.id}/deliveries`);
      expect(log.json.deliveries[0]).toMatchObject({
        eventType: 'dnc.added',
        status: 'delivered',
        lastStatusCode: 200,
      });
    });
    await owner.patch(`/api/teams/${teamId}/webhooks/${endpoint.id}`, { enabled: false });
  });

  it("retries with backoff and keeps one lead's events in order; replays from the log", async () => {
    const endpoint = await addEndpoint(['lead.updated']);
    const leadId = await insertLead('+12025550111');
    const start = receiver.received.length;
    // The first two attempts fail.
    receiver.state.respond = (n) => (n < start + 2 ? 500 : 200);
    for (const city of ['Albany', 'Boston', 'Chicago'])
      expect((await owner.patch(`/api/teams/${teamId}/leads/${leadId}`, { city })).status).toBe(200);

    // The receiver sees a request before the worker records its answer: wait for the record, then move time on.
    const attemptsRecorded = (n: number) =>
      waitFor(async () => {
        const log = await owner.get(`/api/teams/${teamId}/webhooks/${endpoint.id}/deliveries`);
        expect(log.json.deliveries.at(-1)).toMatchObject({ attempts: n, status: 'pending' });
      });
    await attemptsRecorded(1);
    // Nothing more until the backoff has passed: the later edits wait behind the first.
    expect(receiver.received.length).toBe(start + 1);
    clock.offsetMs += 11_000;
    await attemptsRecorded(2);
    expect(receiver.received.length).toBe(start + 2);
    clock.offsetMs += 31_000;
    await waitFor(() => expect(receiver.received.length).toBe(start + 5));

    const hits = receiver.received.slice(start);
    expect(hits.map((h) => h.status)).toEqual([500, 500, 200, 200, 200]);
    expect(hits.map((h) => payloadOf(h).data.city)).toEqual(['Albany', 'Albany', 'Albany', 'Boston', 'Chicago']);
    // A retry is the same message (same webhook-id), so a receiver can drop duplicates.
    expect(new Set(hits.slice(0, 3).map((h) => h.headers['webhook-id'])).size).toBe(1);

    const log = await owner.get(`/api/teams/${teamId}/webhooks/${endpoint.id}/deliveries`);
    const first = log.json.deliveries.at(-1);
    expect(first).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });

    const replay = await owner.post(`/api/teams/${teamId}/webhooks/deliveries/${first.id}/replay`);
    expect(replay.status).toBe(201);
    await waitFor(() => expect(receiver.received.length).toBe(start + 6));
    const replayed = receiver.received[start + 5]!;
    expect(replayed.headers['webhook-id']).toBe(hits[0]!.headers['webhook-id']);
    expect(payloadOf(replayed).data.city).toBe('Albany');
    await owner.patch(`/api/teams/${teamId}/webhooks/${endpoint.id}`, { enabled: false });
  });

  it('queues call.completed in the status-callback statement', async () => {
    await addEndpoint(['call.completed']);
    const leadId = await insertLead('+12025550112');
    const { rows } = await app.deps.pool.query<{ id: string }>(
      `insert into calls (team_id, campaign_id, lead_id, dialed_number, caller_id, provider, provider_sid, status, status_rank)
       values ($1, $2, $3, '+12025550112', '+12025550100', 'simulator', 'CAhookstest', 'in-progress', 3) returning id`,
      [teamId, campaignId, leadId],
    );
    const start = receiver.received.length;
    const change = {
      callId: rows[0]!.id,
      providerSid: 'CAhookstest',
      payload: {},
      status: 'completed' as const,
      rank: 4,
      outcome: 'human' as const,
      durationSec: 42,
      answeredBy: null,
      now: clock.now(),
    };
    await applyStatusChanges(app.deps.db, [{ ...change, eventKey: 'hooks-test-completed' }]);
    // The same callback again changes nothing and queues nothing.
    await applyStatusChanges(app.deps.db, [{ ...change, eventKey: 'hooks-test-completed-2' }]);
    await waitFor(() => expect(receiver.received.length).toBe(start + 1));
    expect(payloadOf(receiver.received[start]!)).toMatchObject({
      type: 'call.completed',
      data: {
        id: rows[0]!.id,
        leadId,
        status: 'completed',
        durationSec: 42,
        dialedNumber: '+12025550112',
        direction: 'outbound',
      },
    });
  });

  it('queues lead.created and lead.updated from an import, in the batch that writes the leads', async () => {
    const endpoint = await addEndpoint(['lead.created', 'lead.updated']);
    const importCampaign = await createCampaign(owner, teamId, { name: 'Imported' });
    const start = receiver.received.length;
    await importFile(
      app,
      owner,
      teamId,
      importCampaign,
      'Name,Phone,City\nAnn Lee,(415) 555-2671,\nBob Roe,(415) 555-2672,Reno\n',
    );
    await waitFor(() => expect(receiver.received.length).toBe(start + 2));
    const created = receiver.received.slice(start).map(payloadOf);
    expect(created.map((p) => p.type)).toEqual(['lead.created', 'lead.created']);
    expect(created.map((p) => p.data.phone).sort()).toEqual(['+14155552671', '+14155552672']);
    expect(created.find((p) => p.data.phone === '+14155552672')!.data).toMatchObject({
      campaignId: importCampaign,
      city: 'Reno',
      status: 'new',
    });

    // The same numbers again, filling empty fields: Ann gets a city (an update), Bob has nothing new.
    await importFile(
      app,
      owner,
      teamId,
      importCampaign,
      'Name,Phone,City\nAnn Lee,(415) 555-2671,Ogden\nBob Roe,(415) 555-2672,Reno\n',
      {
        duplicatePolicy: 'fill_empty',
      },
    );
    await waitFor(() => expect(receiver.received.length).toBe(start + 3));
    expect(payloadOf(receiver.received[start + 2]!)).toMatchObject({
      type: 'lead.updated',
      data: { phone: '+14155552671', city: 'Ogden', source: 'import' },
    });
    await owner.patch(`/api/teams/${teamId}/webhooks/${endpoint.id}`, { enabled: false });
  });

  it("forgets a deleted lead's own events from the log and the queue, keeping its call events and other leads'", async () => {
    const endpoint = await addEndpoint(['lead.updated', 'callback.scheduled', 'call.dispositioned']);
    // Whether delivered already or still queued, the entries carrying the lead's data go with it.
    const deleted = await insertLead('+14155553001');
    const kept = await insertLead('+14155553002');
    const event = (type: string, leadId: string) => ({
      type,
      orderKey: leadId,
      data: { leadId, phone: '+14155553001', firstName: 'Ada' },
    });
    await enqueueWebhookEvents(
      app.deps.db,
      teamId,
      [
        event('lead.updated', deleted),
        event('callback.scheduled', deleted),
        event('call.dispositioned', deleted),
        event('lead.updated', kept),
      ],
      clock.now(),
    );
    const logged = async () => {
      const { rows } = await app.deps.pool.query<{ event_type: string; order_key: string }>(
        `select event_type, order_key from webhook_deliveries where endpoint_id = $1 order by seq`,
        [endpoint.id],
      );
      return rows.map((r) => `${r.event_type}:${r.order_key === deleted ? 'deleted' : 'kept'}`);
    };
    expect(await logged()).toEqual([
      'lead.updated:deleted',
      'callback.scheduled:deleted',
      'call.dispositioned:deleted',
      'lead.updated:kept',
    ]);

    const res = await owner.post(`/api/teams/${teamId}/leads/bulk`, {
      selection: { ids: [deleted] },
      action: { type: 'delete' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ action: 'delete', affected: 1 });
    expect(await logged()).toEqual(['call.dispositioned:deleted', 'lead.updated:kept']);
    expect((await owner.patch(`/api/teams/${teamId}/webhooks/${endpoint.id}`, { enabled: false })).status).toBe(200);
  });

  it('shares the queue among several workers without duplicates or overtaking within a lead', async () => {
    const endpoint = await addEndpoint(['lead.updated']);
    const start = receiver.received.length;
    const events = Array.from({ length: 120 }, (_, i) => ({
      type: 'lead.updated',
      orderKey: `lead-${i % 8}`,
      data: { key: `lead-${i % 8}`, n: i },
    }));
    await app.deps.db.transaction((tx) => enqueueWebhookEvents(tx, teamId, events, clock.now()));
    // Three more workers beside the app's own, until everything has been sent.
    const worker = async () => {
      while (receiver.received.length < start + events.length) await deliverDueWebhooks(app.deps, { limit: 5 });
    };
    await Promise.all([worker(), worker(), worker()]);
    const got = receiver.received.slice(start).map(payloadOf);
    expect(got).toHaveLength(events.length);
    expect(new Set(got.map((p) => p.data.n)).size).toBe(events.length);
    for (let k = 0; k < 8; k++) {
      const ns = got.filter((p) => p.data.key === `lead-${k}`).map((p) => p.data.n as number);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
    }
    await owner.patch(`/api/teams/${teamId}/webhooks/${endpoint.id}`, { enabled: false });
  });

  it('sends again a delivery whose worker died holding it, once its lease has run out', async () => {
    const endpoint = await addEndpoint(['dnc.added']);
    const start = receiver.received.length;
    // Enqueued an hour ahead so the app's own worker cannot take it before this test's "worker" claims it.
    const now = new Date(clock.now().getTime() + HOUR);
    await app.deps.db.transaction((tx) =>
      enqueueWebhookEvents(tx, teamId, [{ type: 'dnc.added', orderKey: 'dead', data: { which: 'dead' } }], now),
    );
    // A worker claims it and is killed before sending (nothing records an answer).
    const claimed = await claimDueDeliveries(app.deps.db, now, new Date(now.getTime() + LEASE_MS), 10);
    expect(claimed.map((c) => c.payload)).toEqual([expect.objectContaining({ data: { which: 'dead' } })]);
    // Another event is sent meanwhile; the leased one waits.
    await app.deps.db.transaction((tx) =>
      enqueueWebhookEvents(
        tx,
        teamId,
        [{ type: 'dnc.added', orderKey: 'alive', data: { which: 'alive' } }],
        clock.now(),
      ),
    );
    await waitFor(() => expect(receiver.received.length).toBe(start + 1));
    expect(payloadOf(receiver.received[start]!).data).toEqual({ which: 'alive' });
    clock.offsetMs += HOUR + LEASE_MS + 1000;
    await waitFor(() => expect(receiver.received.length).toBe(start + 2));
    expect(payloadOf(receiver.received[start + 1]!).data).toEqual({ which: 'dead' });
    await owner.patch(`/api/teams/${teamId}/webhooks/${endpoint.id}`, { enabled: false });
  });

  it('turns off an endpoint failing for days and e-mails the admins', async () => {
    const endpoint = await addEndpoint(['dnc.added']);
    receiver.state.respond = () => 503;
    const start = receiver.received.length;
    await owner.post(`/api/teams/${teamId}/dnc`, { phone: '(415) 555-0102', reason: 'asked' });
    const latest = async () =>
      (await owner.get(`/api/teams/${teamId}/webhooks/${endpoint.id}/deliveries`)).json.deliveries[0] as {
        attempts: number;
        status: string;
      };
    await waitFor(() => expect(receiver.received.length).toBeGreaterThan(start));
    // Move time on past each backoff until the endpoint has failed for days, each time once the worker has recorded
    // the last answer (the receiver sees a request before that).
    for (let i = 0; i < 20; i++) {
      await waitFor(async () => {
        const d = await latest();
        expect(d.status !== 'pending' || d.attempts === receiver.received.length - start).toBe(true);
      });
      if ((await latest()).status !== 'pending') break;
      const seen = receiver.received.length;
      clock.offsetMs += 8 * HOUR + 1000;
      await waitFor(() => expect(receiver.received.length).toBeGreaterThan(seen));
    }
    const endpointNow = async () =>
      (await owner.get(`/api/teams/${teamId}/webhooks`)).json.endpoints.find(
        (e: { id: string }) => e.id === endpoint.id,
      );
    await waitFor(async () => expect(await endpointNow()).toMatchObject({ enabled: false }));
    const after = await endpointNow();
    expect(after).toMatchObject({ enabled: false });
    expect(after.disabledReason).toContain('503');
    const mail = (await owner.get('/api/dev/mail')).json.messages as { subject: string; text: string }[];
    expect(mail.some((m) => m.subject === 'A webhook endpoint was turned off' && m.text.includes(receiver.url))).toBe(
      true,
    );
    const log = await owner.get(`/api/teams/${teamId}/webhooks/${endpoint.id}/deliveries`);
    expect(log.json.deliveries[0]).toMatchObject({ status: 'failed', lastStatusCode: 503 });
    receiver.state.respond = () => 200;
  });
});

describe('SSRF guard', () => {
  let guarded: TestApp;
  beforeAll(async () => {
    guarded = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'false' } });
  });
  afterAll(async () => guarded?.stop());

  it('refuses endpoints on private and loopback addresses', async () => {
    const admin = new TestClient(guarded.url);
    await admin.signUp({ name: 'Guarded', email: uniqueEmail('ssrf'), teamName: 'Guarded' });
    const team = (await admin.loadMe()).teams[0]!.id;
    for (const url of [
      'https://127.0.0.1/hooks',
      'https://localhost/hooks',
      'https://[::1]/hooks',
      'https://10.0.0.7/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:127.0.0.1]/hooks',
      receiver.url,
    ]) {
      const res = await admin.post(`/api/teams/${team}/webhooks`, { url, events: ['dnc.added'] });
      expect(res.status, url).toBe(400);
      expect(res.json.error.fields.url, url).toBeTruthy();
    }
    expect((await admin.get(`/api/teams/${team}/webhooks`)).json.endpoints).toEqual([]);
  });
});
