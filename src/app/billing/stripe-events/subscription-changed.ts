import { syncSubscription } from '../sync-subscription';
import type { StripeEventHandler } from './context';

/**
 * customer.subscription.created / updated / paused / resumed / trial_will_end: whatever the payload
 * says, store the subscription as Stripe has it now (seats, status, period, card).
 */
export const subscriptionChanged: StripeEventHandler = async ({ deps, tx, event, target }) => {
  await syncSubscription(deps, tx, target, event.subscriptionId ?? event.objectId);
};
