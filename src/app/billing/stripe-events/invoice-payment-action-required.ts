import { syncInvoice, syncSubscription } from '../sync-subscription';
import type { StripeEventHandler } from './context';

/**
 * The bank wants the customer to confirm a payment (3-D Secure). Stripe e-mails the confirmation link
 * itself when that setting is on (see README); we store the state so the banner shows it.
 */
export const invoicePaymentActionRequired: StripeEventHandler = async ({ deps, tx, event, target }) => {
  const invoice = await syncInvoice(deps, tx, target, event.invoiceId ?? event.objectId);
  const subscriptionId = invoice?.subscriptionId ?? event.subscriptionId;
  if (subscriptionId) await syncSubscription(deps, tx, target, subscriptionId);
};
