import { syncInvoice, syncSubscription } from '../sync-subscription';
import type { StripeEventHandler } from './context';

/** Checkout finished: store the subscription it created (and its first invoice) without waiting for their own events. */
export const checkoutSessionCompleted: StripeEventHandler = async ({ deps, tx, event, target }) => {
  await syncSubscription(deps, tx, target, event.subscriptionId);
  if (event.invoiceId) await syncInvoice(deps, tx, target, event.invoiceId);
};
