import { syncInvoice } from '../sync-subscription';
import type { StripeEventHandler } from './context';

/** A refund: refresh the invoice it belongs to (the adapter resolves charge → invoice), when there is one. */
export const chargeRefunded: StripeEventHandler = async ({ deps, tx, event, target }) => {
  if (event.invoiceId) await syncInvoice(deps, tx, target, event.invoiceId);
};
