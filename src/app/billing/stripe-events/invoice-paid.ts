import { syncInvoice, syncSubscription } from '../sync-subscription';
import type { StripeEventHandler } from './context';

/** A paid invoice: store it, refresh its subscription (a paid retry ends past_due), and send the receipt. */
export const invoicePaid: StripeEventHandler = async ({ deps, tx, event, target, notify }) => {
  const invoice = await syncInvoice(deps, tx, target, event.invoiceId ?? event.objectId);
  const subscriptionId = invoice?.subscriptionId ?? event.subscriptionId;
  if (subscriptionId) await syncSubscription(deps, tx, target, subscriptionId);
  // Re-read, not the payload: a $0 invoice (or one voided since) gets no receipt.
  if (invoice?.status === 'paid' && invoice.amountPaidCents > 0) notify({ kind: 'receipt', invoice });
};
