import { graceEndsAt } from '../../../core/billing/access';
import { syncInvoice, syncSubscription } from '../sync-subscription';
import type { StripeEventHandler } from './context';

/**
 * A renewal charge failed: store the invoice and the subscription (now past_due), and warn the owners
 * with the date the grace period ends. Nothing is sent when, by the time we look, the invoice has
 * been paid after all (events may arrive late or out of order).
 */
export const invoicePaymentFailed: StripeEventHandler = async ({ deps, tx, event, target, notify }) => {
  const invoice = await syncInvoice(deps, tx, target, event.invoiceId ?? event.objectId);
  const subscriptionId = invoice?.subscriptionId ?? event.subscriptionId;
  const sync = subscriptionId ? await syncSubscription(deps, tx, target, subscriptionId) : null;
  const since = sync?.next.pastDueSince;
  if (invoice?.status === 'open' && sync?.next.status === 'past_due' && since) {
    notify({ kind: 'payment_failed', invoice, graceEndsAt: graceEndsAt(since, deps.billing.graceDays) });
  }
};
