import { syncSubscription } from '../sync-subscription';
import type { StripeEventHandler } from './context';

/** The subscription ended: store it and tell the owners their data stays and how to come back. */
export const subscriptionDeleted: StripeEventHandler = async ({ deps, tx, event, target, notify }) => {
  const sync = await syncSubscription(deps, tx, target, event.subscriptionId ?? event.objectId);
  if (sync?.next.status === 'canceled') notify({ kind: 'subscription_ended' });
};
