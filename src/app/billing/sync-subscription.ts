import type { SubscriptionState } from '../../core/billing/access';
import { planForPriceId } from '../../core/billing/plans';
import { nextSubscriptionState } from '../../core/billing/subscription-state';
import type { TeamScope } from '../../core/teams/scope';
import type { Tx } from '../../db/client';
import {
  getBillingCustomer,
  getSubscriptionByStripeId,
  lockTeamBilling,
  markBillingSynced,
  upsertInvoice,
  upsertSubscription,
  type SubscriptionRow,
} from '../../db/queries/billing';
import type { RemoteInvoice, RemoteSubscription } from '../../ports/payments';
import type { AppDeps } from '../deps';

// Stripe is the source of truth: these functions re-read what Stripe says now and store it, so any
// order of webhooks and polls converges on the same rows. Callers hold the team's billing lock
// (lockTeamBilling) for the whole read-then-write, so two syncs of one team never interleave.

/** Statuses in which a checkout has produced its subscription (the attempt is over). */
const CHECKOUT_DONE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete']);

export type SyncTarget = { teamId: string; customerId: string };
export type SubscriptionSync = {
  remote: RemoteSubscription;
  previous: SubscriptionState | null;
  next: SubscriptionState;
};

export function toSubscriptionState(row: SubscriptionRow): SubscriptionState {
  return {
    status: row.status,
    seats: row.seats,
    planId: row.planId ?? '',
    currentPeriodEnd: row.currentPeriodEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    pastDueSince: row.pastDueSince,
  };
}

async function applySubscription(
  deps: AppDeps,
  tx: Tx,
  target: SyncTarget,
  remote: RemoteSubscription,
): Promise<SubscriptionSync> {
  const now = deps.clock.now();
  const stored = await getSubscriptionByStripeId(tx, remote.id);
  const previous = stored ? toSubscriptionState(stored) : null;
  const plan = remote.priceId ? planForPriceId(deps.billing.plans, remote.priceId) : undefined;
  const next = nextSubscriptionState(
    previous,
    {
      status: remote.status,
      seats: remote.seats,
      planId: plan?.id ?? '',
      currentPeriodEnd: remote.currentPeriodEnd,
      cancelAtPeriodEnd: remote.cancelAtPeriodEnd,
    },
    now,
  );
  await upsertSubscription(tx, {
    teamId: target.teamId,
    stripeSubscriptionId: remote.id,
    stripeCustomerId: remote.customerId,
    status: next.status,
    seats: next.seats,
    planId: plan?.id ?? null,
    priceId: remote.priceId,
    currentPeriodEnd: next.currentPeriodEnd,
    cancelAtPeriodEnd: next.cancelAtPeriodEnd,
    pastDueSince: next.pastDueSince,
    card: remote.card,
    now,
  });
  await markBillingSynced(tx, target.teamId, now, { checkoutDone: CHECKOUT_DONE.has(next.status) });
  return { remote, previous, next };
}

/**
 * Re-reads one subscription (or, without an id, the customer's current one) and stores it. Returns
 * null when Stripe has nothing, or when the subscription belongs to another customer than the team's.
 */
export async function syncSubscription(
  deps: AppDeps,
  tx: Tx,
  target: SyncTarget,
  subscriptionId?: string,
): Promise<SubscriptionSync | null> {
  const remote = subscriptionId
    ? await deps.payments.getSubscription({ subscriptionId })
    : await deps.payments.findSubscriptionForCustomer({ customerId: target.customerId });
  if (!remote) return null;
  if (remote.customerId !== target.customerId) {
    deps.log.warn(
      { subscriptionId: remote.id, teamId: target.teamId },
      'stripe subscription belongs to another customer; ignored',
    );
    return null;
  }
  return applySubscription(deps, tx, target, remote);
}

/** Re-reads one invoice and stores it; billing records outlive the team (7 years). */
export async function syncInvoice(
  deps: AppDeps,
  tx: Tx,
  target: SyncTarget,
  invoiceId: string,
): Promise<RemoteInvoice | null> {
  const remote = await deps.payments.getInvoice({ invoiceId });
  if (!remote) return null;
  if (remote.customerId !== target.customerId) {
    deps.log.warn(
      { invoiceId: remote.id, teamId: target.teamId },
      'stripe invoice belongs to another customer; ignored',
    );
    return null;
  }
  await storeInvoice(tx, target.teamId, remote, deps.clock.now());
  return remote;
}

function storeInvoice(tx: Tx, teamId: string, inv: RemoteInvoice, now: Date) {
  return upsertInvoice(tx, {
    teamId,
    stripeInvoiceId: inv.id,
    stripeCustomerId: inv.customerId,
    stripeSubscriptionId: inv.subscriptionId,
    number: inv.number,
    createdAt: inv.createdAt,
    amountDueCents: inv.amountDueCents,
    amountPaidCents: inv.amountPaidCents,
    currency: inv.currency,
    status: inv.status,
    hostedInvoiceUrl: inv.hostedInvoiceUrl,
    invoicePdfUrl: inv.invoicePdfUrl,
    now,
  });
}

/**
 * The whole customer at once: its current subscription and its invoices. Used when the owner comes
 * back from Checkout before the webhook has landed, so the page can show the result without waiting.
 */
export async function syncTeamBilling(deps: AppDeps, scope: TeamScope): Promise<SubscriptionSync | null> {
  return deps.db.transaction(async (tx) => {
    const customer = await getBillingCustomer(tx, scope);
    if (!customer) return null;
    await lockTeamBilling(tx, scope.teamId);
    const target = { teamId: scope.teamId, customerId: customer.stripeCustomerId };
    const sync = await syncSubscription(deps, tx, target);
    const invoices = await deps.payments.listInvoices({ customerId: customer.stripeCustomerId });
    const now = deps.clock.now();
    for (const inv of invoices) await storeInvoice(tx, scope.teamId, inv, now);
    if (!sync) await markBillingSynced(tx, scope.teamId, now, { checkoutDone: false });
    return sync;
  });
}
