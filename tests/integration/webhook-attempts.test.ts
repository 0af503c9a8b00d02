import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimDueDeliveries,
  enqueueWebhookEvents,
  recordAttempts,
  type ClaimedDelivery,
} from '../../src/db/queries/webhooks';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

let app: TestApp;
let owner: TestClient;
let teamId: string;

beforeAll(async () => {
  // No worker: the test claims and records by hand.
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false' } });
  owner = new TestClient(app.url);
  await owner.signUp({ name: 'Batch Owner', email: uniqueEmail('batch'), teamName: 'Batches' });
  teamId = (await owner.loadMe()).teams[0]!.id;
});
afterAll(async () => app?.stop());

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

async function endpointWithTwoDue() {
  const res = await owner.post(`/api/teams/${teamId}/webhooks`, { url: 'http://127.0.0.1:9/x', events: ['dnc.added'] });
  expect(res.status).toBe(201);
  const endpointId = res.json.id as string;
  await app.deps.db.transaction((tx) =>
    enqueueWebhookEvents(
      tx,
      teamId,
      ['a', 'b'].map((k) => ({ type: 'dnc.added', orderKey: k, data: { k } })),
      t(0),
    ),
  );
  const claimed = (await claimDueDeliveries(app.deps.db, t(1), t(61), 10)).filter((d) => d.endpointId === endpointId);
  expect(claimed).toHaveLength(2);
  return { endpointId, claimed };
}
const ok = (d: ClaimedDelivery, at: Date) => ({
  delivery: d,
  delivered: true,
  statusCode: 200,
  error: null,
  at,
  retryAt: null,
});
const failed = (d: ClaimedDelivery, at: Date, retryAt: Date | null) => ({
  delivery: d,
  delivered: false,
  statusCode: 500,
  error: 'The endpoint answered 500',
  at,
  retryAt,
});
const endpointRow = async (id: string) =>
  (await app.deps.pool.query('select failing_since, enabled from webhook_endpoints where id = $1', [id])).rows[0];
const disable = (id: string) => owner.patch(`/api/teams/${teamId}/webhooks/${id}`, { enabled: false });

describe('recording a batch of attempts in one statement', () => {
  it('records each result and marks the endpoint failing from the first failure after its last success', async () => {
    const { endpointId, claimed } = await endpointWithTwoDue();
    const [a, b] = claimed as [ClaimedDelivery, ClaimedDelivery];
    const failing = await recordAttempts(app.deps.db, [ok(a, t(2)), failed(b, t(3), t(13))]);
    expect(failing).toEqual([{ endpointId, failingSince: t(3) }]);
    expect(await endpointRow(endpointId)).toMatchObject({ failing_since: t(3), enabled: true });
    const rows = (
      await app.deps.pool.query(
        `select order_key, status, attempts, last_status_code, delivered_at, next_attempt_at, locked_until
         from webhook_deliveries where endpoint_id = $1 order by order_key`,
        [endpointId],
      )
    ).rows;
    expect(rows).toEqual([
      expect.objectContaining({
        order_key: 'a',
        status: 'delivered',
        attempts: 1,
        delivered_at: t(2),
        locked_until: null,
      }),
      expect.objectContaining({
        order_key: 'b',
        status: 'pending',
        attempts: 1,
        last_status_code: 500,
        next_attempt_at: t(13),
      }),
    ]);
    await disable(endpointId);
  });

  it('clears the failure when a success comes after it, and keeps an earlier failing-since time', async () => {
    const { endpointId, claimed } = await endpointWithTwoDue();
    const [a, b] = claimed as [ClaimedDelivery, ClaimedDelivery];
    await app.deps.pool.query('update webhook_endpoints set failing_since = $2 where id = $1', [endpointId, t(0)]);
    expect(await recordAttempts(app.deps.db, [failed(a, t(2), null)])).toEqual([{ endpointId, failingSince: t(0) }]);
    expect(await recordAttempts(app.deps.db, [ok(b, t(3))])).toEqual([]);
    expect((await endpointRow(endpointId)).failing_since).toBeNull();
    const given = await app.deps.pool.query(`select status from webhook_deliveries where id = $1`, [a.id]);
    expect(given.rows[0].status).toBe('failed');
    await disable(endpointId);
  });

  it('holds a lead’s later deliveries back until the retry of the one before them', async () => {
    const res = await owner.post(`/api/teams/${teamId}/webhooks`, {
      url: 'http://127.0.0.1:9/x',
      events: ['dnc.added'],
    });
    const endpointId = res.json.id as string;
    await app.deps.db.transaction((tx) =>
      enqueueWebhookEvents(
        tx,
        teamId,
        ['first', 'second', 'third'].map((n) => ({ type: 'dnc.added', orderKey: 'lead-1', data: { n } })),
        t(0),
      ),
    );
    const other = await app.deps.db.transaction((tx) =>
      enqueueWebhookEvents(tx, teamId, [{ type: 'dnc.added', orderKey: 'lead-2', data: {} }], t(0)),
    );
    expect(other).toBe(1);
    const claimed = (await claimDueDeliveries(app.deps.db, t(1), t(61), 10)).filter((d) => d.endpointId === endpointId);
    expect(claimed.map((d) => d.payload.data)).toEqual([{ n: 'first' }, {}]);
    await recordAttempts(app.deps.db, [failed(claimed[0]!, t(2), t(30)), ok(claimed[1]!, t(2))]);
    const due = await app.deps.pool.query(
      `select order_key, payload->'data'->>'n' as n, next_attempt_at from webhook_deliveries
       where endpoint_id = $1 and status = 'pending' order by seq`,
      [endpointId],
    );
    expect(due.rows).toEqual([
      { order_key: 'lead-1', n: 'first', next_attempt_at: t(30) },
      { order_key: 'lead-1', n: 'second', next_attempt_at: t(30) },
      { order_key: 'lead-1', n: 'third', next_attempt_at: t(30) },
    ]);
    // At the retry the first comes first again.
    const next = (await claimDueDeliveries(app.deps.db, t(30), t(90), 10)).filter((d) => d.endpointId === endpointId);
    expect(next.map((d) => d.payload.data)).toEqual([{ n: 'first' }]);
    await disable(endpointId);
  });

  it('records nothing for a delivery whose lease another worker has taken since', async () => {
    const { endpointId, claimed } = await endpointWithTwoDue();
    const [a] = claimed as [ClaimedDelivery];
    await app.deps.pool.query('update webhook_deliveries set locked_until = $2 where id = $1', [a.id, t(120)]);
    expect(await recordAttempts(app.deps.db, [ok(a, t(2))])).toEqual([]);
    const row = await app.deps.pool.query('select status, attempts from webhook_deliveries where id = $1', [a.id]);
    expect(row.rows[0]).toEqual({ status: 'pending', attempts: 0 });
    await disable(endpointId);
  });
});
