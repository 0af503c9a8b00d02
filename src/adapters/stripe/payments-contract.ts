/**
 * The behaviour every Payments adapter owes the app, run against Stripe (through the fake) and the
 * billing-off twin. Lives beside the real adapter; imported by each adapter's test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, errorCodes } from '../../core/errors';
import type { Payments } from '../../ports/payments';

export type ContractSubject = { payments: Payments; teardown?: () => Promise<void> };

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to reject');
}

export function paymentsContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`Payments contract: ${name}`, () => {
    let subject: ContractSubject;
    beforeEach(async () => {
      subject = await setup();
    });
    afterEach(async () => {
      await subject.teardown?.();
    });

    it('never accepts a webhook without a signature', async () => {
      const body = JSON.stringify({
        id: 'evt_1',
        object: 'event',
        type: 'invoice.paid',
        data: { object: { id: 'in_1' } },
      });
      const r = await subject.payments.verifyWebhook({ rawBody: body, signature: undefined });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/\S/);
    });

    it('never accepts a webhook with a made-up signature', async () => {
      const body = JSON.stringify({
        id: 'evt_1',
        object: 'event',
        type: 'invoice.paid',
        data: { object: { id: 'in_1' } },
      });
      const forged = `t=${Math.floor(new Date().getTime() / 1000)},v1=${'0'.repeat(64)}`;
      expect((await subject.payments.verifyWebhook({ rawBody: body, signature: forged })).ok).toBe(false);
    });

    it('answers "nothing there" for unknown ids instead of throwing', async () => {
      await expect(subject.payments.getSubscription({ subscriptionId: 'sub_unknown' })).resolves.toBeNull();
      await expect(subject.payments.getInvoice({ invoiceId: 'in_unknown' })).resolves.toBeNull();
      await expect(subject.payments.findSubscriptionForCustomer({ customerId: 'cus_unknown' })).resolves.toBeNull();
      await expect(subject.payments.listInvoices({ customerId: 'cus_unknown' })).resolves.toEqual([]);
    });

    it('keeps an existing customer, or refuses plainly when billing is off', async () => {
      const call = subject.payments.ensureCustomer({
        teamId: 'team_1',
        email: 'a@example.com',
        name: 'A',
        existingCustomerId: 'cus_existing',
      });
      if (subject.payments.enabled) await expect(call).resolves.toEqual({ customerId: 'cus_existing' });
      else expect(await rejection(call)).toMatchObject({ code: 'invalid_state' });
    });

    it('fails with an AppError from the closed set, never a vendor error', async () => {
      const e = await rejection(
        subject.payments.createPortal({ customerId: 'cus_unknown', returnUrl: 'https://app.example.com/billing' }),
      );
      expect(e).toBeInstanceOf(AppError);
      expect(errorCodes).toContain((e as AppError).code);
      expect((e as AppError).message).toMatch(/\S/);
    });
  });
}
