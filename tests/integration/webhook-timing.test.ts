import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueueWebhookEvents } from '../../src/db/queries/webhooks';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';
import { startWebhookReceiver } from '../support/webhook-receiver';

// A controlled clock: a retry is due only when the test moves time on.
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

let app: TestApp;
let owner: TestClient;
let teamId: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const waitFor = <T>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 10_000, interval: 25 });

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  app = await startTestApp({
    clock,
    env: { WEBHOOK_POLL_MS: '50', WEBHOOK_RETRY_BASE_MS: '2000', WEBHOOK_RETRY_MAX_MS: '10000' },
  });
  owner = new TestClient(app.url);
  await owner.signUp({ name: 'Timing Owner', email: uniqueEmail('timing'), teamName: 'Timing' });
  teamId = (await owner.loadMe()).teams[0]!.id;
});
afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

describe('webhook delivery timing from configuration', () => {
  it('retries after the configured first wait, tripled, up to the configured ceiling', async () => {
    const res = await owner.post(`/api/teams/${teamId}/webhooks`, { url: receiver.url, events: ['dnc.added'] });
    expect(res.status).toBe(201);
    receiver.state.respond = (n) => (n < 3 ? 503 : 200);
    await app.deps.db.transaction((tx) =>
      enqueueWebhookEvents(tx, teamId, [{ type: 'dnc.added', orderKey: 'k', data: { phone: '+1' } }], clock.now()),
    );
    const row = async () =>
      (
        await app.deps.pool.query<{ attempts: number; status: string; wait_ms: number }>(
          `select attempts, status, extract(epoch from next_attempt_at - last_attempt_at) * 1000 as wait_ms
           from webhook_deliveries where team_id = $1`,
          [teamId],
        )
      ).rows[0]!;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await waitFor(async () => expect(await row()).toMatchObject({ attempts: attempt, status: 'pending' }));
      const r = await row();
      waits.push(Number(r.wait_ms));
      clock.offsetMs += Number(r.wait_ms) + 1;
    }
    // 2 s, 6 s, then the 10 s ceiling (the defaults would have been 10 s, 30 s, 90 s).
    expect(waits).toEqual([2000, 6000, 10_000]);
    await waitFor(async () => expect(await row()).toMatchObject({ attempts: 4, status: 'delivered' }));
    expect(receiver.received.map((h) => h.status)).toEqual([503, 503, 503, 200]);
  });
});
