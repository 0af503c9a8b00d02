import { describe, expect, it } from 'vitest';
import { teamAccess, type SubscriptionState } from './access';
import { nextSubscriptionState, type ObservedSubscription } from './subscription-state';

const t0 = new Date('2030-05-01T00:00:00Z');
const later = new Date('2030-05-03T00:00:00Z');
const observed = (status: ObservedSubscription['status']): ObservedSubscription => ({
  status,
  seats: 3,
  planId: 'standard',
  currentPeriodEnd: new Date('2030-05-08T00:00:00Z'),
  cancelAtPeriodEnd: false,
});

describe('nextSubscriptionState', () => {
  it('copies the observed fields', () => {
    expect(nextSubscriptionState(null, observed('active'), t0)).toEqual({ ...observed('active'), pastDueSince: null });
  });

  it('starts the grace clock on the first sight of past_due', () => {
    const active: SubscriptionState = { ...observed('active'), pastDueSince: null };
    expect(nextSubscriptionState(active, observed('past_due'), t0).pastDueSince).toEqual(t0);
    expect(nextSubscriptionState(null, observed('past_due'), t0).pastDueSince).toEqual(t0);
  });

  it('keeps the original start on later syncs, so retries cannot extend the grace period', () => {
    const first = nextSubscriptionState(null, observed('past_due'), t0);
    const again = nextSubscriptionState(first, observed('past_due'), later);
    expect(again.pastDueSince).toEqual(t0);
    expect(
      teamAccess(again, new Date(t0.getTime() + 7 * 86_400_000), { billingEnabled: true, graceDays: 7 }).level,
    ).toBe('lapsed');
  });

  it('clears the start once paid, and a later failure starts a fresh grace period', () => {
    const pastDue = nextSubscriptionState(null, observed('past_due'), t0);
    const paid = nextSubscriptionState(pastDue, observed('active'), later);
    expect(paid.pastDueSince).toBeNull();
    expect(nextSubscriptionState(paid, observed('past_due'), later).pastDueSince).toEqual(later);
  });

  it('clears the start when past_due turns into another state', () => {
    const pastDue = nextSubscriptionState(null, observed('past_due'), t0);
    expect(nextSubscriptionState(pastDue, observed('unpaid'), later).pastDueSince).toBeNull();
  });
});
