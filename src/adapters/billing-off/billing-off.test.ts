import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { teamAccess } from '../../core/billing/access';
import { paymentsContract } from '../stripe/payments-contract';
import { BillingOffPayments } from './billing-off-payments';

paymentsContract('billing off', async () => ({ payments: new BillingOffPayments() }));

describe('BillingOffPayments', () => {
  const payments = new BillingOffPayments();

  it('reports billing as off, which teamAccess turns into full access with unlimited seats', () => {
    expect(payments.enabled).toBe(false);
    expect(
      teamAccess(null, new Date('2030-01-01T00:00:00Z'), { billingEnabled: payments.enabled, graceDays: 7 }),
    ).toMatchObject({
      level: 'full',
      canDial: true,
      seats: null,
    });
  });

  it.each([
    ['ensureCustomer', () => payments.ensureCustomer({ teamId: 't', email: 'e@example.com', name: 'n' })],
    [
      'createCheckout',
      () =>
        payments.createCheckout({
          customerId: 'c',
          teamId: 't',
          priceId: 'price_x',
          seats: 1,
          successUrl: 'https://a',
          cancelUrl: 'https://b',
          idempotencyKey: 'k',
        }),
    ],
    ['createPortal', () => payments.createPortal({ customerId: 'c', returnUrl: 'https://a' })],
  ])('%s refuses with invalid_state and says billing is off', async (_name, call) => {
    const e = await call().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({
      code: 'invalid_state',
      message: expect.stringMatching(/^Billing is off on this instance/),
    });
  });

  it('refuses even a correctly signed Stripe webhook: with billing off there is no secret to trust', async () => {
    const body = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'invoice.paid',
      data: { object: { id: 'in_1' } },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_anything' });
    expect(await payments.verifyWebhook({ rawBody: body, signature })).toEqual({ ok: false, reason: 'billing is off' });
  });

  it('reads answer empty, so billing screens render on a self-hosted instance', async () => {
    await expect(payments.listInvoices({ customerId: 'cus_1' })).resolves.toEqual([]);
    await expect(payments.findSubscriptionForCustomer({ customerId: 'cus_1' })).resolves.toBeNull();
  });
});
