import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainQueue } from '../../src/jobs/runner';
import { jobs } from '../../src/jobs/registry';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let now = new Date('2026-11-29T12:00:00Z');
beforeAll(async () => {
  app = await startTestApp({ clock: { now: () => now }, env: { JOBS_IN_PROCESS: 'false' } });
});
afterAll(async () => app?.stop());

describe('background jobs', () => {
  it('purges rate-limit counters older than a day when the queue is drained, and is idempotent', async () => {
    const def = jobs.find((j) => j.id === 'purge-rate-limits')!;
    await app.deps.pool.query(
      `insert into rate_limits (key, window_start, count) values ('old', $1, 3), ('fresh', $2, 1)`,
      [new Date('2026-11-27T12:00:00Z'), new Date('2026-11-29T11:00:00Z')],
    );
    await app.jobs!.boss.send(def.id, {});
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(1);
    const keys = (await app.deps.pool.query('select key from rate_limits order by key')).rows.map((r) => r.key);
    expect(keys).toEqual(['fresh']);

    now = new Date('2026-11-30T12:00:01Z');
    await app.jobs!.boss.send(def.id, {});
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(1);
    expect((await app.deps.pool.query('select count(*)::int as n from rate_limits')).rows[0].n).toBe(0);
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(0);
  });
});

describe('retention of security logs and outbox mail', () => {
  it('keeps security events at 89 days and purges them at 91; outbox mail after 30 days', async () => {
    const def = jobs.find((j) => j.id === 'purge-security-logs')!;
    now = new Date('2027-03-01T00:00:00Z');
    const day = 86_400_000;
    await app.deps.pool.query(
      `insert into security_events (type, created_at, detail) values ('sign_in_failed', $1, '{"age":89}'), ('sign_in_failed', $2, '{"age":91}')`,
      [new Date(now.getTime() - 89 * day), new Date(now.getTime() - 91 * day)],
    );
    await app.deps.pool.query(
      `insert into mail_outbox (to_address, subject, text, created_at) values ('a@example.com', 'new', 'x', $1), ('b@example.com', 'old', 'x', $2)`,
      [new Date(now.getTime() - 29 * day), new Date(now.getTime() - 31 * day)],
    );
    await app.jobs!.boss.send(def.id, {});
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(1);
    const events = await app.deps.pool.query(`select detail->>'age' as age from security_events where detail ? 'age'`);
    expect(events.rows.map((r) => r.age)).toEqual(['89']);
    const mail = await app.deps.pool.query(`select subject from mail_outbox`);
    expect(mail.rows.map((r) => r.subject)).toEqual(['new']);
    // Running it again (another instance, a retry) changes nothing more.
    await app.jobs!.boss.send(def.id, {});
    await drainQueue(app.jobs!.boss, app.deps, def);
    expect(
      (await app.deps.pool.query(`select count(*)::int as n from security_events where detail ? 'age'`)).rows[0].n,
    ).toBe(1);
  });
});

describe('retention of billing records', () => {
  it('keeps invoices for 7 years and deletes them after; old webhook ids go after 90 days', async () => {
    const def = jobs.find((j) => j.id === 'purge-billing-records')!;
    now = new Date('2034-06-01T00:00:00Z');
    await app.deps.pool.query(
      `insert into invoices (stripe_invoice_id, stripe_customer_id, created_at, amount_due_cents, amount_paid_cents, currency, status)
       values ('in_recent', 'cus_1', '2027-06-02T00:00:00Z', 2900, 2900, 'usd', 'paid'), ('in_old', 'cus_1', '2027-05-31T00:00:00Z', 2900, 2900, 'usd', 'paid')`,
    );
    await app.deps.pool.query(
      `insert into webhook_events (provider, event_id, type, received_at) values ('stripe', 'evt_new', 'invoice.paid', $1), ('stripe', 'evt_old', 'invoice.paid', $2)`,
      [new Date('2034-05-01T00:00:00Z'), new Date('2034-02-01T00:00:00Z')],
    );
    await app.jobs!.boss.send(def.id, {});
    await drainQueue(app.jobs!.boss, app.deps, def);
    expect(
      (await app.deps.pool.query('select stripe_invoice_id from invoices')).rows.map((r) => r.stripe_invoice_id),
    ).toEqual(['in_recent']);
    expect((await app.deps.pool.query('select event_id from webhook_events')).rows.map((r) => r.event_id)).toEqual([
      'evt_new',
    ]);
  });
});

describe('retention of the webhook delivery log', () => {
  it('deletes deliveries (copies of lead data sent out) 30 days after their event, and keeps younger ones', async () => {
    const def = jobs.find((j) => j.id === 'purge-webhook-deliveries')!;
    now = new Date('2027-04-01T00:00:00Z');
    const day = 86_400_000;
    const team = await app.deps.pool.query<{ id: string }>(`insert into teams (name) values ('Hooks') returning id`);
    const teamId = team.rows[0]!.id;
    const endpoint = await app.deps.pool.query<{ id: string }>(
      `insert into webhook_endpoints (team_id, url, events, secret) values ($1, 'https://crm.example/hook', '{lead.created}', 'whsec_x') returning id`,
      [teamId],
    );
    await app.deps.pool.query(
      `insert into webhook_deliveries (team_id, endpoint_id, event_id, event_type, order_key, payload, status, created_at)
       values ($1, $2, 'msg_new', 'lead.created', 'lead-1', '{"phone":"+12025550100"}', 'delivered', $3),
              ($1, $2, 'msg_old', 'lead.created', 'lead-2', '{"phone":"+12025550101"}', 'delivered', $4)`,
      [teamId, endpoint.rows[0]!.id, new Date(now.getTime() - 29 * day), new Date(now.getTime() - 31 * day)],
    );
    await app.jobs!.boss.send(def.id, {});
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(1);
    const left = await app.deps.pool.query(`select event_id from webhook_deliveries where team_id = $1`, [teamId]);
    expect(left.rows.map((r) => r.event_id)).toEqual(['msg_new']);
  });
});
