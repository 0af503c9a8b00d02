import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertSeatAvailable } from '../../src/app/billing/assert-seat-available';
import { assertTeamAccess } from '../../src/app/billing/get-team-access';
import { AppError } from '../../src/core/errors';
import type { TeamScope } from '../../src/core/teams/scope';
import type { AppEnv, ServerDeps } from '../../src/server/context';
import { handleError, statusFor } from '../../src/server/errors';
import { requireAccess } from '../../src/server/middleware/require-access';
import { loginSessionMiddleware } from '../../src/server/middleware/login-session';
import { teamScope } from '../../src/server/middleware/team-scope';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe';
import { TestClient, uniqueEmail } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

type Obj = Record<string, unknown>;
const DAY_MS = 24 * 60 * 60 * 1000;
const PLANS = JSON.stringify([
  {
    id: 'standard',
    name: 'Standard',
    weeklyPriceCents: 2900,
    stripePriceId: 'price_standard_weekly',
    features: ['Browser dialer'],
  },
]);

/** The app's clock (and the fake's): frozen at start-up, moved only by the tests (Stripe's signatures use real time). */
const startedAt = Date.now();
const clock = { offsetMs: 0, now: () => new Date(startedAt + clock.offsetMs) };

let fake: FakeStripe;
let app: TestApp;

const stripeEnv = (f: FakeStripe, extra: Record<string, string> = {}) => ({
  STRIPE_SECRET_KEY: f.secretKey,
  STRIPE_WEBHOOK_SECRET: f.webhookSecret,
  STRIPE_API_HOST: f.host,
  STRIPE_API_PORT: String(f.port),
  STRIPE_API_PROTOCOL: f.protocol,
  ...extra,
});

beforeAll(async () => {
  fake = await startFakeStripe({ now: clock.now });
  app = await startTestApp({ clock, env: stripeEnv(fake, { PLANS }) });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});
afterEach(() => {
  clock.offsetMs = 0;
});

// ---- helpers ---------------------------------------------------------------------------------

type Owner = { client: TestClient; email: string; teamId: string; scope: TeamScope };

async function newOwner(on: TestApp, name: string): Promise<Owner> {
  const client = new TestClient(on.url);
  const email = uniqueEmail(name.toLowerCase());
  await client.signUp({ name: `${name} Owner`, email, teamName: name });
  const me = await client.loadMe();
  const teamId = me.teams[0]!.id;
  return { client, email, teamId, scope: { teamId, userId: me.user.id, role: 'owner' } };
}

async function post(on: TestApp, delivery: { body: string; header?: string }) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (delivery.header !== undefined) headers['stripe-signature'] = delivery.header;
  const res = await fetch(`${on.url}/webhooks/stripe`, { method: 'POST', headers, body: delivery.body });
  return {
    status: res.status,
    json: (await res.json()) as Obj & { status?: string; error?: { code: string; message: string } },
  };
}

async function deliver(type: string, object: Obj) {
  const res = await post(app, fake.event(type, object));
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
}

async function overview(owner: Owner) {
  const res = await owner.client.get(`/api/teams/${owner.teamId}/billing`);
  expect(res.status).toBe(200);
  return res.json;
}

async function access(owner: Owner) {
  const res = await owner.client.get(`/api/teams/${owner.teamId}/access`);
  expect(res.status).toBe(200);
  return res.json;
}

async function mailsTo(owner: Owner, subject: RegExp): Promise<{ subject: string; text: string }[]> {
  const res = await owner.client.get('/api/dev/mail');
  return (res.json.messages as { toAddress: string; subject: string; text: string }[]).filter(
    (m) => m.toAddress === owner.email && subject.test(m.subject),
  );
}

async function startCheckout(owner: Owner, seats: number) {
  const res = await owner.client.post(`/api/teams/${owner.teamId}/billing/checkout`, { planId: 'standard', seats });
  expect(res.status, res.text).toBe(200);
  return { url: res.json.url as string, sessionId: (res.json.url as string).split('/').pop()! };
}

/** Owner subscribes and pays in Checkout; the three webhooks Stripe sends for it are delivered. */
async function subscribe(owner: Owner, seats = 2) {
  const { sessionId } = await startCheckout(owner, seats);
  const paid = fake.completeCheckout(sessionId);
  await deliver('checkout.session.completed', paid.session);
  await deliver('customer.subscription.created', paid.subscription);
  await deliver('invoice.paid', paid.invoice);
  return paid;
}

/** Changes a subscription in the fake, keeping what is not named (customer, price, seats, card). */
function updateSubscription(sub: Obj, changes: { status?: string; seats?: number; cancelAtPeriodEnd?: boolean }): Obj {
  const item = (sub.items as { data: { quantity: number; price: { id: string } }[] }).data[0]!;
  return fake.setSubscription({
    id: String(sub.id),
    customer: String(sub.customer),
    status: changes.status ?? String(sub.status),
    priceId: item.price.id,
    seats: changes.seats ?? item.quantity,
    defaultPaymentMethod: (sub.default_payment_method as string | null) ?? null,
    cancelAtPeriodEnd: changes.cancelAtPeriodEnd ?? false,
    metadata: sub.metadata as Record<string, string>,
  });
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await app.deps.pool.query<{ n: number }>(`select count(*)::int as n from (${sql}) q`, params);
  return rows[0]!.n;
}

/**
 * How the dialing and import routes will mount the gate (session → team scope → requireAccess). This
 * is the test's own composition of the exported middleware, not a route of the product.
 */
function gatedRoutes(deps: ServerDeps) {
  const probe = new Hono<AppEnv>();
  probe.onError((err, c) => handleError(err, c, deps.log));
  probe.use('*', loginSessionMiddleware(deps));
  probe.use('/teams/:teamId/*', teamScope(deps));
  probe.post('/teams/:teamId/dial', requireAccess(deps, 'dial'), (c) => c.json({ dialed: true }));
  probe.post('/teams/:teamId/import', requireAccess(deps, 'import'), (c) => c.json({ imported: true }));
  return probe;
}

async function tryGated(on: TestApp, owner: Owner, what: 'dial' | 'import') {
  const res = await gatedRoutes(on.deps).request(`/teams/${owner.teamId}/${what}`, {
    method: 'POST',
    headers: { cookie: owner.client.cookieHeader },
  });
  return { status: res.status, json: (await res.json()) as Obj & { error?: { code: string; message: string } } };
}

// ---- billing on ------------------------------------------------------------------------------

describe('billing with Stripe', () => {
  it('lists the configured plans publicly', async () => {
    const res = await new TestClient(app.url).get('/api/public/plans');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      billingEnabled: true,
      plans: [{ id: 'standard', name: 'Standard', weeklyPriceCents: 2900, features: ['Browser dialer'] }],
    });
    expect(JSON.stringify(res.json)).not.toContain('price_');
  });

  it('subscribe → active: one customer per team, one Checkout Session per attempt, card and invoice shown, receipt sent', async () => {
    const owner = await newOwner(app, 'Subscribe');
    const before = await overview(owner);
    expect(before.subscription).toBeNull();
    expect(before.access).toMatchObject({
      level: 'none',
      canDial: false,
      canImport: false,
      canRead: true,
      canExport: true,
    });
    expect(before.access.banner.kind).toBe('no_subscription');

    // A double submit yields the same session (same idempotency key; the fake replays the response).
    const first = await startCheckout(owner, 2);
    const second = await startCheckout(owner, 2);
    expect(second.url).toBe(first.url);
    const sessionCalls = fake.requests.filter(
      (r) => r.path === '/v1/checkout/sessions' && r.form.client_reference_id === owner.teamId,
    );
    expect(sessionCalls).toHaveLength(2);
    expect(sessionCalls[0]!.idempotencyKey).toMatch(new RegExp(`^dialerseat-checkout-${owner.teamId}-standard-2-`));
    expect(sessionCalls[1]!.idempotencyKey).toBe(sessionCalls[0]!.idempotencyKey);
    expect(sessionCalls[1]!.replayed).toBe(true);
    expect(sessionCalls[0]!.form).toMatchObject({
      mode: 'subscription',
      line_items: [{ price: 'price_standard_weekly', quantity: '2' }],
      success_url: `${app.url}/app/settings/billing?checkout=success`,
    });
    expect(fake.list('customer').filter((c) => (c.metadata as Obj).teamId === owner.teamId)).toHaveLength(1);

    const paid = fake.completeCheckout(first.sessionId, {
      card: { brand: 'mastercard', last4: '4444', expMonth: 8, expYear: 2031 },
    });
    await deliver('checkout.session.completed', paid.session);
    await deliver('customer.subscription.created', paid.subscription);
    await deliver('invoice.paid', paid.invoice);

    const after = await overview(owner);
    expect(after.subscription).toMatchObject({
      status: 'active',
      planId: 'standard',
      planName: 'Standard',
      seats: 2,
      weeklyTotalCents: 5800,
      cancelAtPeriodEnd: false,
      graceEndsAt: null,
      card: { brand: 'mastercard', last4: '4444', expMonth: 8, expYear: 2031 },
    });
    expect(new Date(after.subscription.currentPeriodEnd).getTime()).toBeGreaterThan(clock.now().getTime() + 6 * DAY_MS);
    expect(after.invoices).toEqual([
      expect.objectContaining({
        id: paid.invoice.id,
        number: paid.invoice.number,
        amountPaidCents: 5800,
        currency: 'usd',
        status: 'paid',
        hostedInvoiceUrl: `https://invoice.stripe.test/i/${String(paid.invoice.id)}`,
        invoicePdfUrl: `https://pay.stripe.test/invoice/${String(paid.invoice.id)}/pdf`,
      }),
    ]);
    expect(after.access).toMatchObject({ level: 'full', canDial: true, canImport: true, seats: 2, banner: null });
    expect(after.checkoutPending).toBe(false);
    expect(after.canManage).toBe(true);

    // Of the card, only brand, last 4 and expiry are kept.
    const { rows } = await app.deps.pool.query('select * from subscriptions where team_id = $1', [owner.teamId]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toMatch(/fingerprint|Xt5EWLLDS7FJjR1c|Lovelace|Analytical/);

    const receipts = await mailsTo(owner, /^Receipt for Subscribe/);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.subject).toContain('$58.00');
    expect(receipts[0]!.text).toContain(`https://pay.stripe.test/invoice/${String(paid.invoice.id)}/pdf`);

    // A second subscription would bill twice: changes go through the portal.
    const again = await owner.client.post(`/api/teams/${owner.teamId}/billing/checkout`, {
      planId: 'standard',
      seats: 3,
    });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/Manage billing/);
    const portal = await owner.client.post(`/api/teams/${owner.teamId}/billing/portal`);
    expect(portal.status).toBe(200);
    expect(portal.json.url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\//);
    expect(fake.requests.at(-1)?.form).toMatchObject({
      customer: paid.session.customer,
      return_url: `${app.url}/app/settings/billing`,
    });
  });

  it('shows the result on return from Checkout before the webhook lands, by re-reading Stripe (throttled)', async () => {
    const owner = await newOwner(app, 'Return');
    const { sessionId } = await startCheckout(owner, 1);
    expect((await overview(owner)).checkoutPending).toBe(true);
    const paid = fake.completeCheckout(sessionId);

    // The last sync was under 3 s ago (app clock): no new read from Stripe yet.
    const reads = () =>
      fake.requests.filter(
        (r) => r.method === 'GET' && r.path === '/v1/subscriptions' && r.query.customer === paid.session.customer,
      ).length;
    const readsBefore = reads();
    expect((await overview(owner)).subscription).toBeNull();
    expect(reads()).toBe(readsBefore);

    clock.offsetMs += 5_000;
    const polled = await overview(owner);
    expect(reads()).toBe(readsBefore + 1);
    expect(polled.subscription).toMatchObject({ status: 'active', seats: 1 });
    expect(polled.invoices).toHaveLength(1);
    expect(polled.checkoutPending).toBe(false);

    // Once the checkout has its subscription, the page stops asking Stripe.
    clock.offsetMs += 5_000;
    await overview(owner);
    expect(reads()).toBe(readsBefore + 1);

    // The webhooks arriving afterwards change nothing but send the receipt, once.
    await deliver('checkout.session.completed', paid.session);
    await deliver('customer.subscription.created', paid.subscription);
    await deliver('invoice.paid', paid.invoice);
    expect(await count('select 1 from subscriptions where team_id = $1', [owner.teamId])).toBe(1);
    expect(await count('select 1 from invoices where team_id = $1', [owner.teamId])).toBe(1);
    expect(await mailsTo(owner, /^Receipt/)).toHaveLength(1);
  });

  it('payment fails → past_due with a grace period → lapsed (402, data readable) → resubscribe → active with data intact', async () => {
    const owner = await newOwner(app, 'Lapse');
    const paid = await subscribe(owner, 2);
    const invite = await owner.client.post(`/api/teams/${owner.teamId}/invitations`, {
      email: uniqueEmail('lapse-agent'),
      role: 'agent',
    });
    expect(invite.status).toBe(201);
    // Rows, not the invitations route: the 72-hour invitation expires while the clock moves on.
    const invitationRows = async () =>
      (await app.deps.pool.query('select * from invitations where team_id = $1', [owner.teamId])).rows;
    const dataBefore = {
      members: (await owner.client.get(`/api/teams/${owner.teamId}/members`)).json.members,
      invitations: await invitationRows(),
      team: (await owner.client.get(`/api/teams/${owner.teamId}`)).json.team,
    };
    expect(dataBefore.invitations).toHaveLength(1);
    expect((await tryGated(app, owner, 'dial')).status).toBe(200);

    // The weekly renewal fails: Stripe marks the subscription past_due and says so twice.
    const failedAt = clock.now();
    const pastDue = updateSubscription(paid.subscription, { status: 'past_due' });
    const open = fake.addInvoice({
      customer: String(paid.session.customer),
      subscription: String(pastDue.id),
      status: 'open',
      amountDue: 5800,
    });
    await deliver('invoice.payment_failed', open);
    await deliver('customer.subscription.updated', pastDue);

    const grace = await overview(owner);
    expect(grace.subscription.status).toBe('past_due');
    const graceEnd = new Date(grace.subscription.graceEndsAt).getTime();
    expect(Math.abs(graceEnd - (failedAt.getTime() + 3 * DAY_MS))).toBeLessThan(60_000);
    expect(grace.access).toMatchObject({
      level: 'grace',
      canDial: true,
      canImport: true,
      banner: { kind: 'past_due' },
    });
    expect((await access(owner)).banner.graceEndsAt).toBe(grace.subscription.graceEndsAt);
    expect((await tryGated(app, owner, 'dial')).status).toBe(200);
    const failedMails = await mailsTo(owner, /^Payment failed for Lapse/);
    expect(failedMails).toHaveLength(1);
    expect(failedMails[0]!.text).toContain(new Date(graceEnd).toUTCString());
    expect(failedMails[0]!.text).toContain(`https://invoice.stripe.test/i/${String(open.id)}`);

    // A second, identical sync (a webhook retry, a refresh) does not restart the grace period.
    clock.offsetMs = DAY_MS;
    await deliver('customer.subscription.updated', pastDue);
    expect((await overview(owner)).subscription.graceEndsAt).toBe(grace.subscription.graceEndsAt);

    // Grace is over: dialing and imports are refused with 402; everything stays readable.
    clock.offsetMs = 3 * DAY_MS + 60_000;
    const lapsed = await access(owner);
    expect(lapsed).toMatchObject({
      billingEnabled: true,
      level: 'lapsed',
      canDial: false,
      canImport: false,
      canRead: true,
      canExport: true,
    });
    expect(lapsed.banner.kind).toBe('lapsed');
    const dial = await tryGated(app, owner, 'dial');
    expect(dial.status).toBe(402);
    expect(dial.json.error).toMatchObject({
      code: 'payment_required',
      message: expect.stringMatching(/^Dialing is paused for this team\. .*grace period has ended/),
    });
    expect((await tryGated(app, owner, 'import')).json.error?.code).toBe('payment_required');
    // The real import route refuses the upload before reading a byte of it.
    const campaign = await owner.client.post(`/api/teams/${owner.teamId}/campaigns`, {
      name: 'Lapsed campaign',
      recordingDisclosure: 'Recorded.',
    });
    expect(campaign.status).toBe(201);
    const upload = await owner.client.request(
      'POST',
      `/api/teams/${owner.teamId}/campaigns/${campaign.json.id}/imports`,
      'Name,Phone\nAnn,(415) 555-2671\n',
      { 'content-type': 'text/csv' },
    );
    expect(upload.status).toBe(402);
    expect(upload.json.error.code).toBe('payment_required');
    const err = await assertTeamAccess(app.deps, owner.scope, 'dial').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(statusFor[(err as AppError).code]).toBe(402);
    expect((await owner.client.get(`/api/teams/${owner.teamId}/members`)).json.members).toEqual(dataBefore.members);
    expect((await owner.client.get(`/api/teams/${owner.teamId}/billing`)).status).toBe(200);

    // While the subscription lives the owner fixes it in the portal, not with a second subscription.
    expect(
      (await owner.client.post(`/api/teams/${owner.teamId}/billing/checkout`, { planId: 'standard', seats: 2 })).status,
    ).toBe(409);
    expect((await owner.client.post(`/api/teams/${owner.teamId}/billing/portal`)).status).toBe(200);

    // Stripe gives up and cancels: one "ended" mail, still lapsed, still readable.
    const canceled = updateSubscription(pastDue, { status: 'canceled' });
    await deliver('customer.subscription.deleted', canceled);
    expect((await overview(owner)).subscription.status).toBe('canceled');
    expect((await access(owner)).level).toBe('lapsed');
    const ended = await mailsTo(owner, /subscription for Lapse has ended/);
    expect(ended).toHaveLength(1);
    expect(ended[0]!.text).toMatch(/stays readable and exportable/);

    // Resubscribe: a fresh Checkout Session (the first attempt is over), then active again.
    const re = await startCheckout(owner, 3);
    expect(re.sessionId).not.toBe(paid.session.id);
    const repaid = fake.completeCheckout(re.sessionId);
    await deliver('checkout.session.completed', repaid.session);
    await deliver('customer.subscription.created', repaid.subscription);
    await deliver('invoice.paid', repaid.invoice);
    const back = await overview(owner);
    expect(back.subscription).toMatchObject({ status: 'active', seats: 3 });
    expect(back.access).toMatchObject({ level: 'full', canDial: true, seats: 3 });
    expect((await tryGated(app, owner, 'dial')).status).toBe(200);
    expect(back.invoices.map((i: Obj) => [i.id, i.status])).toEqual(
      expect.arrayContaining([
        [paid.invoice.id, 'paid'],
        [open.id, 'open'],
        [repaid.invoice.id, 'paid'],
      ]),
    );
    expect(await count('select 1 from billing_customers where team_id = $1', [owner.teamId])).toBe(1);
    expect((await owner.client.get(`/api/teams/${owner.teamId}/members`)).json.members).toEqual(dataBefore.members);
    expect(await invitationRows()).toEqual(dataBefore.invitations);
    expect((await owner.client.get(`/api/teams/${owner.teamId}`)).json.team).toEqual(dataBefore.team);
  });

  it('the same event delivered 5 times (concurrently) has one effect: one row, one e-mail', async () => {
    const owner = await newOwner(app, 'Redelivery');
    const paid = await subscribe(owner, 1);
    const renewal = fake.addInvoice({
      customer: String(paid.session.customer),
      subscription: String(paid.subscription.id),
      status: 'paid',
      amountDue: 2900,
    });
    const delivery = fake.event('invoice.paid', renewal);

    const results = await Promise.all(Array.from({ length: 5 }, () => post(app, delivery)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.map((r) => r.json.status).sort()).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'processed',
    ]);
    expect(
      await count(
        `select 1 from webhook_events where provider = 'stripe' and event_id = $1 and processed_at is not null`,
        [delivery.id],
      ),
    ).toBe(1);
    expect(await count('select 1 from invoices where stripe_invoice_id = $1', [renewal.id])).toBe(1);
    const receipts = (await mailsTo(owner, /^Receipt/)).filter((m) => m.text.includes(String(renewal.number)));
    expect(receipts).toHaveLength(1);
  });

  it('events delivered in reverse order reach the same final state as in order', async () => {
    /** A week in Stripe: subscribe, a renewal fails, the retry succeeds, the owner adds a seat. */
    async function lifecycle(name: string) {
      const owner = await newOwner(app, name);
      const { sessionId } = await startCheckout(owner, 2);
      const paid = fake.completeCheckout(sessionId);
      const customer = String(paid.session.customer);
      const events = [
        fake.event('checkout.session.completed', paid.session),
        fake.event('customer.subscription.created', paid.subscription),
        fake.event('invoice.paid', paid.invoice),
      ];
      const pastDue = updateSubscription(paid.subscription, { status: 'past_due' });
      const failed = fake.addInvoice({ customer, subscription: String(pastDue.id), status: 'open', amountDue: 5800 });
      events.push(fake.event('invoice.payment_failed', failed), fake.event('customer.subscription.updated', pastDue));
      const retried = fake.addInvoice({
        id: String(failed.id),
        number: String(failed.number),
        customer,
        subscription: String(pastDue.id),
        status: 'paid',
        amountDue: 5800,
      });
      const recovered = updateSubscription(pastDue, { status: 'active' });
      events.push(fake.event('invoice.paid', retried), fake.event('customer.subscription.updated', recovered));
      const threeSeats = updateSubscription(recovered, { seats: 3 });
      events.push(fake.event('customer.subscription.updated', threeSeats));
      return { owner, events };
    }
    const inOrder = await lifecycle('Forward');
    const reversed = await lifecycle('Backward');
    for (const e of inOrder.events) expect((await post(app, e)).status).toBe(200);
    for (const e of [...reversed.events].reverse()) expect((await post(app, e)).status).toBe(200);

    const finalState = async (owner: Owner) => {
      const o = await overview(owner);
      const { rows } = await app.deps.pool.query(
        'select status, seats, plan_id, past_due_since from subscriptions where team_id = $1',
        [owner.teamId],
      );
      return {
        subscription: { ...o.subscription, currentPeriodEnd: typeof o.subscription.currentPeriodEnd },
        invoices: o.invoices.map((i: Obj) => ({
          status: i.status,
          amountDueCents: i.amountDueCents,
          amountPaidCents: i.amountPaidCents,
        })),
        access: o.access,
        rows,
      };
    };
    const forward = await finalState(inOrder.owner);
    expect(forward.subscription).toMatchObject({ status: 'active', seats: 3, graceEndsAt: null });
    expect(forward.rows).toEqual([{ status: 'active', seats: 3, plan_id: 'standard', past_due_since: null }]);
    expect(forward.invoices).toHaveLength(2);
    expect(await finalState(reversed.owner)).toEqual(forward);
  });

  it('refuses forged, stale, foreign-secret and unsigned webhooks with 400 and changes nothing', async () => {
    const owner = await newOwner(app, 'Forgery');
    const paid = await subscribe(owner, 1);
    const canceled = updateSubscription(paid.subscription, { status: 'canceled' });
    const eventsBefore = await count('select 1 from webhook_events', []);

    const genuine = fake.event('customer.subscription.deleted', canceled);
    const t = Math.floor(Date.now() / 1000);
    const attempts = {
      forgedSignature: { body: genuine.body, header: `t=${t},v1=${'ab'.repeat(32)}` },
      tamperedBody: { body: genuine.body.replace('"canceled"', '"active"'), header: genuine.header },
      staleTimestamp: fake.event('customer.subscription.deleted', canceled, { timestamp: t - 10 * 60 }),
      wrongSecret: fake.event('customer.subscription.deleted', canceled, { secret: 'whsec_somebody_else' }),
      missingHeader: { body: genuine.body },
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      const res = await post(app, attempt);
      expect(res.status, name).toBe(400);
      expect(res.json.error?.code, name).toBe('invalid_input');
    }
    expect(await count('select 1 from webhook_events', [])).toBe(eventsBefore);
    expect((await overview(owner)).subscription.status).toBe('active');
    expect(await mailsTo(owner, /has ended/)).toHaveLength(0);

    // The same change, signed properly, does go through (so the refusals above were the signature's doing).
    expect((await post(app, genuine)).status).toBe(200);
    expect((await overview(owner)).subscription.status).toBe('canceled');
  });

  it('answers 503 while Stripe is unreachable, keeps no trace of the event, and processes its retry', async () => {
    const owner = await newOwner(app, 'Outage');
    const paid = await subscribe(owner, 1);
    const renewal = fake.addInvoice({
      customer: String(paid.session.customer),
      subscription: String(paid.subscription.id),
      status: 'paid',
      amountDue: 2900,
    });
    const delivery = fake.event('invoice.paid', renewal);
    // The SDK retries a 5xx once: both attempts fail.
    fake.failNext(503);
    fake.failNext(503);
    const down = await post(app, delivery);
    expect(down.status).toBe(503);
    expect(down.json.error?.code).toBe('provider_unavailable');
    expect(await count('select 1 from webhook_events where event_id = $1', [delivery.id])).toBe(0);
    expect(await count('select 1 from invoices where stripe_invoice_id = $1', [renewal.id])).toBe(0);

    const retry = await post(app, delivery);
    expect(retry).toMatchObject({ status: 200, json: { status: 'processed' } });
    expect(await count('select 1 from invoices where stripe_invoice_id = $1', [renewal.id])).toBe(1);
    expect((await mailsTo(owner, /^Receipt/)).filter((m) => m.text.includes(String(renewal.number)))).toHaveLength(1);
  });

  it('acknowledges events it does not act on, and events for customers that are not ours', async () => {
    expect(await deliver('customer.created', { id: 'cus_elsewhere', object: 'customer' })).toMatchObject({
      status: 'ignored',
    });
    const stranger = fake.setSubscription({ customer: 'cus_not_a_team', status: 'active' });
    expect(await deliver('customer.subscription.updated', stranger)).toMatchObject({ status: 'ignored' });
    expect(await count('select 1 from subscriptions where stripe_subscription_id = $1', [stranger.id])).toBe(0);
  });

  it('a seat over the paid limit cannot go Ready; an agent already holding a seat keeps it', async () => {
    const owner = await newOwner(app, 'Seats');
    await subscribe(owner, 2);
    await expect(
      assertSeatAvailable(app.deps, owner.scope, { agentId: 'agent-1', activeAgentIds: [] }),
    ).resolves.toBeUndefined();
    await expect(
      assertSeatAvailable(app.deps, owner.scope, { agentId: 'agent-2', activeAgentIds: ['agent-1'] }),
    ).resolves.toBeUndefined();
    const third = await assertSeatAvailable(app.deps, owner.scope, {
      agentId: 'agent-3',
      activeAgentIds: ['agent-1', 'agent-2'],
    }).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(AppError);
    expect(third).toMatchObject({
      code: 'payment_required',
      message: expect.stringMatching(/All 2 paid seats are in use/),
    });
    await expect(
      assertSeatAvailable(app.deps, owner.scope, { agentId: 'agent-2', activeAgentIds: ['agent-1', 'agent-2'] }),
    ).resolves.toBeUndefined();

    const none = await newOwner(app, 'Seatless');
    await expect(
      assertSeatAvailable(app.deps, none.scope, { agentId: 'agent-1', activeAgentIds: [] }),
    ).rejects.toMatchObject({ code: 'payment_required' });
  });

  it('rejects bad checkout input with field errors and keeps checkout and portal to owners', async () => {
    const owner = await newOwner(app, 'Inputs');
    const bad = await owner.client.post(`/api/teams/${owner.teamId}/billing/checkout`, {
      planId: 'standard',
      seats: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.seats).toBeDefined();
    const unknown = await owner.client.post(`/api/teams/${owner.teamId}/billing/checkout`, {
      planId: 'platinum',
      seats: 1,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields.planId).toBe('Unknown plan');
    const portal = await owner.client.post(`/api/teams/${owner.teamId}/billing/portal`);
    expect(portal.status).toBe(409);
    expect(portal.json.error.message).toMatch(/never subscribed/);
  });
});

// ---- start-up with placeholder prices, and billing off ----------------------------------------

describe('billing with the default plans (placeholder Stripe price ids)', () => {
  let placeholder: TestApp;
  beforeAll(async () => {
    placeholder = await startTestApp({ env: stripeEnv(fake) });
  });
  afterAll(async () => placeholder?.stop());

  it('starts, verifies webhooks, and fails clearly only when a plan is used', async () => {
    const plans = await new TestClient(placeholder.url).get('/api/public/plans');
    expect(plans.json).toMatchObject({ billingEnabled: true, plans: [{ id: 'standard', weeklyPriceCents: 2900 }] });
    expect((await post(placeholder, fake.event('customer.created', { id: 'cus_x', object: 'customer' }))).status).toBe(
      200,
    );
    expect((await post(placeholder, { body: '{}', header: 't=1,v1=00' })).status).toBe(400);

    const owner = await newOwner(placeholder, 'Placeholder');
    const res = await owner.client.post(`/api/teams/${owner.teamId}/billing/checkout`, {
      planId: 'standard',
      seats: 1,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe('Plan price price_dialerseat_standard_weekly is not configured in Stripe.');
  });
});

describe('billing off (self-hosted: no Stripe secrets)', () => {
  let selfHosted: TestApp;
  beforeAll(async () => {
    selfHosted = await startTestApp();
  });
  afterAll(async () => selfHosted?.stop());

  it('blocks nothing, says billing is off, and refuses to take money', async () => {
    const plans = await new TestClient(selfHosted.url).get('/api/public/plans');
    expect(plans.json.billingEnabled).toBe(false);

    const owner = await newOwner(selfHosted, 'Selfhosted');
    const o = (await owner.client.get(`/api/teams/${owner.teamId}/billing`)).json;
    expect(o).toMatchObject({ billingEnabled: false, subscription: null, invoices: [], canManage: false });
    expect(o.access).toMatchObject({ level: 'full', canDial: true, canImport: true, seats: null, banner: null });
    expect((await owner.client.get(`/api/teams/${owner.teamId}/access`)).json).toMatchObject({
      billingEnabled: false,
      canDial: true,
    });
    expect((await tryGated(selfHosted, owner, 'dial')).status).toBe(200);
    expect((await tryGated(selfHosted, owner, 'import')).status).toBe(200);
    await expect(
      assertSeatAvailable(selfHosted.deps, owner.scope, {
        agentId: 'a-100',
        activeAgentIds: Array.from({ length: 99 }, (_, i) => `a-${i}`),
      }),
    ).resolves.toBeUndefined();

    const checkout = await owner.client.post(`/api/teams/${owner.teamId}/billing/checkout`, {
      planId: 'standard',
      seats: 1,
    });
    expect(checkout.status).toBe(409);
    expect(checkout.json.error.message).toMatch(/Billing is off/);
    expect((await post(selfHosted, fake.event('invoice.paid', { id: 'in_x', object: 'invoice' }))).status).toBe(404);
  });
});
