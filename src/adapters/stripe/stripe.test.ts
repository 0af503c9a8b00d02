import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '../../../tests/support/fake-stripe';
import { AppError } from '../../core/errors';
import { paymentsContract } from './payments-contract';
import { StripePayments } from './stripe-payments';

paymentsContract('stripe (against the fake)', async () => {
  const fake = await startFakeStripe();
  return { payments: new StripePayments(fake.adapterOptions()), teardown: () => fake.close() };
});

let fake: FakeStripe;
let payments: StripePayments;

beforeEach(async () => {
  fake = await startFakeStripe();
  payments = new StripePayments(fake.adapterOptions());
});
afterEach(async () => {
  await fake.close();
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to reject');
}

const checkoutInput = (customerId: string, over: Record<string, unknown> = {}) => ({
  customerId,
  teamId: 'team_42',
  priceId: 'price_standard_weekly',
  seats: 3,
  successUrl: 'https://app.example.com/billing?checkout=done',
  cancelUrl: 'https://app.example.com/billing',
  idempotencyKey: 'checkout-team_42-attempt-1',
  ...over,
});

describe('construction', () => {
  it('refuses to start without its secrets', () => {
    expect(() => new StripePayments({ secretKey: '', webhookSecret: 'whsec_x' })).toThrow(/secretKey/);
    expect(() => new StripePayments({ secretKey: 'sk_test_x', webhookSecret: '' })).toThrow(/webhookSecret/);
  });

  it('is enabled', () => {
    expect(payments.enabled).toBe(true);
  });
});

describe('ensureCustomer', () => {
  it('creates one customer tagged with the team, under an idempotency key', async () => {
    const { customerId } = await payments.ensureCustomer({
      teamId: 'team_42',
      email: 'owner@acme.test',
      name: 'Acme Sales',
    });
    expect(fake.get(customerId)).toMatchObject({
      object: 'customer',
      email: 'owner@acme.test',
      name: 'Acme Sales',
      metadata: { teamId: 'team_42' },
    });
    const [req] = fake.requests;
    expect(req).toMatchObject({
      method: 'POST',
      path: '/v1/customers',
      form: { email: 'owner@acme.test', name: 'Acme Sales', metadata: { teamId: 'team_42' } },
    });
    expect(req?.idempotencyKey).toMatch(/^dialerseat-customer-team_42-[0-9a-f]{16}$/);
  });

  it('a repeated request (double submit) yields the same customer, not a second one', async () => {
    const input = { teamId: 'team_42', email: 'owner@acme.test', name: 'Acme Sales' };
    const a = await payments.ensureCustomer(input);
    const b = await payments.ensureCustomer(input);
    expect(b).toEqual(a);
    expect(fake.list('customer')).toHaveLength(1);
    expect(fake.requests[1]?.replayed).toBe(true);
  });

  it('different details for the same team do not collide with the earlier key', async () => {
    await payments.ensureCustomer({ teamId: 'team_42', email: 'owner@acme.test', name: 'Acme Sales' });
    await payments.ensureCustomer({ teamId: 'team_42', email: 'new-owner@acme.test', name: 'Acme Sales' });
    expect(fake.requests.map((r) => r.idempotencyKey)[0]).not.toBe(fake.requests[1]?.idempotencyKey);
  });

  it('returns the stored customer without calling Stripe, so a team gets exactly one', async () => {
    const { customerId } = await payments.ensureCustomer({
      teamId: 'team_42',
      email: 'owner@acme.test',
      name: 'Acme Sales',
    });
    const again = await payments.ensureCustomer({
      teamId: 'team_42',
      email: 'owner@acme.test',
      name: 'Acme Sales',
      existingCustomerId: customerId,
    });
    expect(again).toEqual({ customerId });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('createCheckout', () => {
  it('opens a subscription-mode session for the seats, tagged with the team, and returns its URL', async () => {
    const customer = fake.addCustomer();
    const { url } = await payments.createCheckout(checkoutInput(String(customer.id)));
    const session = fake.list('checkout.session')[0];
    expect(url).toBe(session?.url);
    expect(url).toMatch(/^https:\/\//);
    const req = fake.requests.at(-1);
    expect(req).toMatchObject({
      method: 'POST',
      path: '/v1/checkout/sessions',
      idempotencyKey: 'checkout-team_42-attempt-1',
      form: {
        mode: 'subscription',
        customer: customer.id,
        line_items: [{ price: 'price_standard_weekly', quantity: '3' }],
        success_url: 'https://app.example.com/billing?checkout=done',
        cancel_url: 'https://app.example.com/billing',
        client_reference_id: 'team_42',
        metadata: { teamId: 'team_42' },
        subscription_data: { metadata: { teamId: 'team_42' } },
      },
    });
  });

  it('the same idempotency key returns the same session', async () => {
    const customer = fake.addCustomer();
    const a = await payments.createCheckout(checkoutInput(String(customer.id)));
    const b = await payments.createCheckout(checkoutInput(String(customer.id)));
    expect(b.url).toBe(a.url);
    expect(fake.list('checkout.session')).toHaveLength(1);
  });

  it('a placeholder price id fails with a message naming the price to configure', async () => {
    const customer = fake.addCustomer();
    const e = await rejection(
      payments.createCheckout(checkoutInput(String(customer.id), { priceId: 'price_dialerseat_standard_weekly' })),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('Plan price price_dialerseat_standard_weekly is not configured in Stripe.');
  });

  it('an unknown customer fails as invalid_input naming the customer', async () => {
    const e = await rejection(payments.createCheckout(checkoutInput('cus_gone')));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('cus_gone');
  });

  it.each([0, -1, 2.5])('refuses %s seats before calling Stripe', async (seats) => {
    const e = await rejection(payments.createCheckout(checkoutInput('cus_x', { seats })));
    expect(e.code).toBe('invalid_input');
    expect(fake.requests).toHaveLength(0);
  });

  it("other refusals keep Stripe's explanation", async () => {
    const customer = fake.addCustomer();
    fake.addPrice({ id: 'price_one_off', unitAmount: 500, interval: null });
    const e = await rejection(
      payments.createCheckout(checkoutInput(String(customer.id), { priceId: 'price_one_off' })),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/^Stripe refused the request: .*non-recurring price/);
  });
});

describe('createPortal', () => {
  it('returns the portal URL for the customer', async () => {
    const customer = fake.addCustomer();
    const { url } = await payments.createPortal({
      customerId: String(customer.id),
      returnUrl: 'https://app.example.com/billing',
    });
    expect(url).toBe(fake.list('billing_portal.session')[0]?.url);
    expect(fake.requests.at(-1)?.form).toEqual({
      customer: customer.id,
      return_url: 'https://app.example.com/billing',
    });
  });
});

describe('getSubscription', () => {
  it('after checkout: status, seats, price, period end, and only brand/last4/expiry of the card', async () => {
    const customer = fake.addCustomer();
    await payments.createCheckout(checkoutInput(String(customer.id)));
    const sessionId = String(fake.list('checkout.session')[0]?.id);
    const { subscription } = fake.completeCheckout(sessionId, {
      card: { brand: 'mastercard', last4: '4444', expMonth: 3, expYear: 2031 },
    });
    const item = (subscription.items as { data: { current_period_end: number }[] }).data[0];

    const remote = await payments.getSubscription({ subscriptionId: String(subscription.id) });
    expect(remote).toEqual({
      id: subscription.id,
      customerId: customer.id,
      status: 'active',
      seats: 3,
      priceId: 'price_standard_weekly',
      currentPeriodEnd: new Date((item?.current_period_end ?? 0) * 1000),
      cancelAtPeriodEnd: false,
      card: { brand: 'mastercard', last4: '4444', expMonth: 3, expYear: 2031 },
    });
    expect(JSON.stringify(remote)).not.toMatch(/fingerprint|Lovelace|Analytical|funding/);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/v1/subscriptions/${String(subscription.id)}`,
      query: { expand: ['default_payment_method', 'customer.invoice_settings.default_payment_method'] },
    });
  });

  it("falls back to the customer's default card when the subscription has none", async () => {
    const customer = fake.addCustomer();
    const pm = fake.addPaymentMethod({ brand: 'amex', last4: '0005', expMonth: 1, expYear: 2029 }, String(customer.id));
    fake.setCustomerDefaultPaymentMethod(String(customer.id), String(pm.id));
    const sub = fake.setSubscription({
      customer: String(customer.id),
      status: 'past_due',
      seats: 2,
      cancelAtPeriodEnd: true,
    });
    expect(await payments.getSubscription({ subscriptionId: String(sub.id) })).toMatchObject({
      status: 'past_due',
      seats: 2,
      cancelAtPeriodEnd: true,
      card: { brand: 'amex', last4: '0005', expMonth: 1, expYear: 2029 },
    });
  });

  it('no card anywhere → card null', async () => {
    const sub = fake.setSubscription({ customer: 'cus_nocard', status: 'incomplete' });
    expect(await payments.getSubscription({ subscriptionId: String(sub.id) })).toMatchObject({
      status: 'incomplete',
      card: null,
    });
  });

  it('maps a status Stripe adds later to unpaid, which lapses dialing but keeps data', async () => {
    const sub = fake.setSubscription({ customer: 'cus_new', status: 'some_future_status' });
    expect((await payments.getSubscription({ subscriptionId: String(sub.id) }))?.status).toBe('unpaid');
  });

  it('unknown subscription → null', async () => {
    expect(await payments.getSubscription({ subscriptionId: 'sub_nope' })).toBeNull();
  });
});

describe('findSubscriptionForCustomer', () => {
  it('prefers a live subscription over a newer ended one, and the newest among live ones', async () => {
    const c = 'cus_multi';
    fake.setSubscription({
      id: 'sub_old_active',
      customer: c,
      status: 'active',
      created: new Date('2030-01-01T00:00:00Z'),
    });
    fake.setSubscription({
      id: 'sub_new_past_due',
      customer: c,
      status: 'past_due',
      created: new Date('2030-02-01T00:00:00Z'),
    });
    fake.setSubscription({
      id: 'sub_newest_canceled',
      customer: c,
      status: 'canceled',
      created: new Date('2030-03-01T00:00:00Z'),
    });
    fake.setSubscription({
      id: 'sub_other_customer',
      customer: 'cus_other',
      status: 'active',
      created: new Date('2030-04-01T00:00:00Z'),
    });
    expect((await payments.findSubscriptionForCustomer({ customerId: c }))?.id).toBe('sub_new_past_due');
    expect(fake.requests.at(-1)?.query).toMatchObject({
      customer: c,
      status: 'all',
      expand: ['data.default_payment_method', 'data.customer.invoice_settings.default_payment_method'],
    });
  });

  it('returns the most recent ended subscription when nothing is live (e.g. to show "canceled")', async () => {
    fake.setSubscription({
      id: 'sub_a',
      customer: 'cus_gone',
      status: 'canceled',
      created: new Date('2030-01-01T00:00:00Z'),
    });
    fake.setSubscription({
      id: 'sub_b',
      customer: 'cus_gone',
      status: 'incomplete_expired',
      created: new Date('2030-02-01T00:00:00Z'),
    });
    expect((await payments.findSubscriptionForCustomer({ customerId: 'cus_gone' }))?.id).toBe('sub_b');
  });

  it('maps the card through the list expansion too', async () => {
    const pm = fake.addPaymentMethod({ brand: 'visa', last4: '1881', expMonth: 7, expYear: 2032 });
    fake.setSubscription({ customer: 'cus_card', status: 'active', defaultPaymentMethod: String(pm.id) });
    expect((await payments.findSubscriptionForCustomer({ customerId: 'cus_card' }))?.card).toEqual({
      brand: 'visa',
      last4: '1881',
      expMonth: 7,
      expYear: 2032,
    });
  });
});

describe('invoices', () => {
  it('maps an invoice to our fields only', async () => {
    const inv = fake.addInvoice({
      customer: 'cus_inv',
      subscription: 'sub_inv',
      number: 'DS-0042',
      status: 'open',
      amountDue: 8700,
      amountPaid: 0,
      created: new Date('2030-06-01T10:00:00Z'),
    });
    const remote = await payments.getInvoice({ invoiceId: String(inv.id) });
    expect(remote).toEqual({
      id: inv.id,
      customerId: 'cus_inv',
      subscriptionId: 'sub_inv',
      number: 'DS-0042',
      createdAt: new Date('2030-06-01T10:00:00Z'),
      amountDueCents: 8700,
      amountPaidCents: 0,
      currency: 'usd',
      status: 'open',
      hostedInvoiceUrl: inv.hosted_invoice_url,
      invoicePdfUrl: inv.invoice_pdf,
    });
  });

  it('an invoice without a subscription parent has subscriptionId null; unknown invoice → null', async () => {
    const inv = fake.addInvoice({ customer: 'cus_inv', subscription: null, number: null });
    expect(await payments.getInvoice({ invoiceId: String(inv.id) })).toMatchObject({
      subscriptionId: null,
      number: null,
    });
    expect(await payments.getInvoice({ invoiceId: 'in_nope' })).toBeNull();
  });

  it("lists a customer's whole history newest first, across pages", async () => {
    const start = new Date('2029-01-01T00:00:00Z').getTime();
    for (let i = 0; i < 130; i++)
      fake.addInvoice({
        id: `in_${String(i).padStart(3, '0')}`,
        customer: 'cus_long',
        created: new Date(start + i * 7 * 86_400_000),
      });
    fake.addInvoice({ customer: 'cus_someone_else' });
    const list = await payments.listInvoices({ customerId: 'cus_long' });
    expect(list).toHaveLength(130);
    expect(list[0]?.id).toBe('in_129');
    expect(list.at(-1)?.id).toBe('in_000');
    expect(list.every((inv) => inv.customerId === 'cus_long')).toBe(true);
    const pages = fake.requests.filter((r) => r.path === '/v1/invoices');
    expect(pages).toHaveLength(2);
    expect(pages[1]?.query).toMatchObject({ customer: 'cus_long', limit: '100', starting_after: 'in_030' });
  });
});

describe('errors from Stripe', () => {
  it.each([500, 502, 503])('%i → provider_unavailable', async (status) => {
    fake.failNext(status);
    const e = await rejection(payments.getSubscription({ subscriptionId: 'sub_x' }));
    expect(e.code).toBe('provider_unavailable');
  });

  it('429 → provider_unavailable (Stripe is throttling us, not the user)', async () => {
    fake.failNext(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' });
    expect((await rejection(payments.listInvoices({ customerId: 'cus_x' }))).code).toBe('provider_unavailable');
  });

  it('a wrong secret key → provider_unavailable telling the operator to check it', async () => {
    const wrong = new StripePayments({ ...fake.adapterOptions(), secretKey: 'sk_test_wrong' });
    const e = await rejection(wrong.findSubscriptionForCustomer({ customerId: 'cus_x' }));
    expect(e.code).toBe('provider_unavailable');
    expect(e.message).toMatch(/API key/);
  });

  it('Stripe unreachable → provider_unavailable', async () => {
    const options = fake.adapterOptions();
    await fake.close();
    const unreachable = new StripePayments(options);
    const e = await rejection(unreachable.ensureCustomer({ teamId: 't', email: 'e@example.com', name: 'n' }));
    expect(e.code).toBe('provider_unavailable');
    expect(e.cause).toBeDefined();
  });
});

describe('verifyWebhook', () => {
  const nowUnix = () => Math.floor(new Date().getTime() / 1000);

  it('accepts a correctly signed event and extracts the ids of a completed checkout', async () => {
    const session = {
      id: 'cs_test_1',
      object: 'checkout.session',
      customer: 'cus_1',
      subscription: 'sub_1',
      metadata: { teamId: 'team_42' },
    };
    const { body, header, id } = fake.event('checkout.session.completed', session);
    expect(await payments.verifyWebhook({ rawBody: body, signature: header })).toEqual({
      ok: true,
      event: {
        id,
        type: 'checkout.session.completed',
        objectId: 'cs_test_1',
        customerId: 'cus_1',
        subscriptionId: 'sub_1',
      },
    });
  });

  it.each([
    'customer.subscription.created',
    'customer.subscription.updated',
    'customer.subscription.deleted',
    'customer.subscription.paused',
  ])('%s → subscription and customer ids', async (type) => {
    const sub = fake.setSubscription({ customer: 'cus_2', status: 'active' });
    const { body, header } = fake.event(type, sub);
    const r = await payments.verifyWebhook({ rawBody: body, signature: header });
    expect(r).toMatchObject({
      ok: true,
      event: { type, objectId: sub.id, subscriptionId: sub.id, customerId: 'cus_2' },
    });
  });

  it.each(['invoice.paid', 'invoice.payment_failed', 'invoice.payment_action_required'])(
    '%s → invoice, subscription and customer ids',
    async (type) => {
      const inv = fake.addInvoice({
        customer: 'cus_3',
        subscription: 'sub_3',
        status: type === 'invoice.paid' ? 'paid' : 'open',
      });
      const { body, header } = fake.event(type, inv);
      const r = await payments.verifyWebhook({ rawBody: body, signature: header });
      expect(r).toEqual({
        ok: true,
        event: expect.objectContaining({
          type,
          objectId: inv.id,
          invoiceId: inv.id,
          subscriptionId: 'sub_3',
          customerId: 'cus_3',
        }),
      });
    },
  );

  it('reads the subscription id from an invoice in an older API shape (endpoint pinned to an old version)', async () => {
    const legacy = { id: 'in_legacy', object: 'invoice', customer: 'cus_4', subscription: 'sub_4' };
    const { body, header } = fake.event('invoice.payment_failed', legacy);
    expect(await payments.verifyWebhook({ rawBody: body, signature: header })).toMatchObject({
      ok: true,
      event: { invoiceId: 'in_legacy', subscriptionId: 'sub_4' },
    });
  });

  it("charge.refunded → resolves the invoice through the charge's payment intent", async () => {
    const inv = fake.addInvoice({ customer: 'cus_5', subscription: 'sub_5', paymentIntent: 'pi_5' });
    const charge = fake.addCharge({ customer: 'cus_5', paymentIntent: 'pi_5', refunded: true });
    const { body, header } = fake.event('charge.refunded', charge);
    expect(await payments.verifyWebhook({ rawBody: body, signature: header })).toMatchObject({
      ok: true,
      event: { type: 'charge.refunded', objectId: charge.id, customerId: 'cus_5', invoiceId: inv.id },
    });
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/v1/invoice_payments',
      query: { payment: { type: 'payment_intent', payment_intent: 'pi_5' } },
    });
  });

  it('charge.refunded with the invoice in the payload (older API shape) needs no lookup', async () => {
    const { body, header } = fake.event('charge.refunded', {
      id: 'ch_old',
      object: 'charge',
      customer: 'cus_6',
      invoice: 'in_6',
      payment_intent: 'pi_6',
    });
    const before = fake.requests.length;
    expect(await payments.verifyWebhook({ rawBody: body, signature: header })).toMatchObject({
      ok: true,
      event: { invoiceId: 'in_6', customerId: 'cus_6' },
    });
    expect(fake.requests).toHaveLength(before);
  });

  it('charge.refunded for a charge outside any invoice → no invoiceId', async () => {
    const charge = fake.addCharge({ customer: 'cus_7', paymentIntent: 'pi_lonely', refunded: true });
    const { body, header } = fake.event('charge.refunded', charge);
    const r = await payments.verifyWebhook({ rawBody: body, signature: header });
    expect(r.ok && r.event.invoiceId).toBeUndefined();
    expect(r).toMatchObject({ ok: true, event: { customerId: 'cus_7' } });
  });

  it('an event type we do not act on still verifies, with its object id', async () => {
    const { body, header } = fake.event('customer.updated', { id: 'cus_8', object: 'customer' });
    expect(await payments.verifyWebhook({ rawBody: body, signature: header })).toMatchObject({
      ok: true,
      event: { type: 'customer.updated', objectId: 'cus_8' },
    });
  });

  it('accepts a delivery signed within the tolerance (4 minutes ago)', async () => {
    const { body, header } = fake.event(
      'invoice.paid',
      { id: 'in_9', object: 'invoice' },
      { timestamp: nowUnix() - 240 },
    );
    expect((await payments.verifyWebhook({ rawBody: body, signature: header })).ok).toBe(true);
  });

  it('refuses a body altered after signing', async () => {
    const { body, header } = fake.event('invoice.paid', { id: 'in_10', object: 'invoice', customer: 'cus_10' });
    const r = await payments.verifyWebhook({ rawBody: body.replace('cus_10', 'cus_evil'), signature: header });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^signature rejected: /) });
  });

  it('refuses a stale delivery (signed 10 minutes ago): replay protection', async () => {
    const { body, header } = fake.event(
      'invoice.paid',
      { id: 'in_11', object: 'invoice' },
      { timestamp: nowUnix() - 600 },
    );
    const r = await payments.verifyWebhook({ rawBody: body, signature: header });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/tolerance/i) });
  });

  it('refuses a delivery signed with another secret', async () => {
    const { body, header } = fake.event(
      'invoice.paid',
      { id: 'in_12', object: 'invoice' },
      { secret: 'whsec_someone_else' },
    );
    expect((await payments.verifyWebhook({ rawBody: body, signature: header })).ok).toBe(false);
  });

  it.each([undefined, '', 'garbage', 't=,v1='])('refuses a missing or malformed header (%o)', async (signature) => {
    const { body } = fake.event('invoice.paid', { id: 'in_13', object: 'invoice' });
    expect((await payments.verifyWebhook({ rawBody: body, signature })).ok).toBe(false);
  });

  it('refuses a correctly signed body that is not JSON', async () => {
    const body = 'not json';
    const signed = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: fake.webhookSecret });
    expect(await payments.verifyWebhook({ rawBody: body, signature: signed })).toEqual({
      ok: false,
      reason: 'malformed webhook payload',
    });
  });

  it('a configurable tolerance tightens replay protection', async () => {
    const strict = new StripePayments({ ...fake.adapterOptions(), webhookToleranceSeconds: 60 });
    const { body, header } = fake.event(
      'invoice.paid',
      { id: 'in_15', object: 'invoice' },
      { timestamp: nowUnix() - 120 },
    );
    expect((await strict.verifyWebhook({ rawBody: body, signature: header })).ok).toBe(false);
  });
});

describe('webhook → re-read flow', () => {
  it('the ids from a verified event are enough to re-read the current state', async () => {
    const customer = fake.addCustomer();
    await payments.createCheckout(checkoutInput(String(customer.id), { seats: 5 }));
    const { session } = fake.completeCheckout(String(fake.list('checkout.session')[0]?.id));
    const { body, header } = fake.event('checkout.session.completed', session);
    const verified = await payments.verifyWebhook({ rawBody: body, signature: header });
    if (!verified.ok) throw new Error(verified.reason);
    const sub = await payments.getSubscription({ subscriptionId: String(verified.event.subscriptionId) });
    expect(sub).toMatchObject({
      customerId: customer.id,
      status: 'active',
      seats: 5,
      priceId: 'price_standard_weekly',
    });
    const invoices = await payments.listInvoices({ customerId: String(verified.event.customerId) });
    expect(invoices).toEqual([
      expect.objectContaining({
        status: 'paid',
        amountDueCents: 5 * 2900,
        amountPaidCents: 5 * 2900,
        subscriptionId: sub?.id,
      }),
    ]);
  });
});
