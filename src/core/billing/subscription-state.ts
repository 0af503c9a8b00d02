import type { SubscriptionState, SubscriptionStatus } from './access';

/** The provider's current view of a subscription, already translated to our plan ids. */
export type ObservedSubscription = {
  status: SubscriptionStatus;
  seats: number;
  planId: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
};

/**
 * The state to store after re-reading a subscription from the provider. The provider does not say
 * when a subscription became past_due, so we remember the first moment we saw it: repeated syncs
 * (webhook retries, periodic refreshes) must not restart the grace period.
 */
export function nextSubscriptionState(
  previous: SubscriptionState | null,
  observed: ObservedSubscription,
  now: Date,
): SubscriptionState {
  let pastDueSince: Date | null = null;
  if (observed.status === 'past_due') {
    pastDueSince = previous?.status === 'past_due' && previous.pastDueSince ? previous.pastDueSince : now;
  }
  return {
    status: observed.status,
    seats: observed.seats,
    planId: observed.planId,
    currentPeriodEnd: observed.currentPeriodEnd,
    cancelAtPeriodEnd: observed.cancelAtPeriodEnd,
    pastDueSince,
  };
}
