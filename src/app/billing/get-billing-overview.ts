import { teamAccess, type TeamAccess } from '../../core/billing/access';
import { findPlan, weeklyTotalCents, type Plan } from '../../core/billing/plans';
import { AppError, forbidden } from '../../core/errors';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import {
  getBillingCustomer,
  getCurrentSubscription,
  listTeamInvoices,
  type BillingCustomerRow,
} from '../../db/queries/billing';
import type { CardSummary, InvoiceStatus } from '../../ports/payments';
import type { AppDeps } from '../deps';
import { syncTeamBilling, toSubscriptionState } from './sync-subscription';

export type PublicPlan = Pick<Plan, 'id' | 'name' | 'weeklyPriceCents' | 'features'>;

export type BillingOverview = {
  billingEnabled: boolean;
  plans: PublicPlan[];
  subscription: {
    status: string;
    planId: string | null;
    planName: string | null;
    seats: number;
    weeklyTotalCents: number | null;
    currentPeriodEnd: Date | null;
    cancelAtPeriodEnd: boolean;
    graceEndsAt: Date | null;
    card: CardSummary | null;
  } | null;
  invoices: {
    id: string;
    number: string | null;
    createdAt: Date;
    amountDueCents: number;
    amountPaidCents: number;
    currency: string;
    status: InvoiceStatus;
    hostedInvoiceUrl: string | null;
    invoicePdfUrl: string | null;
  }[];
  access: TeamAccess;
  /** The owner started a checkout that has not produced a subscription yet (the page keeps polling). */
  checkoutPending: boolean;
  /** A Stripe customer exists, so the Customer Portal can be opened. */
  canManage: boolean;
};

/** Stripe keeps an unpaid Checkout Session open for 24 hours; after that nothing can still be pending. */
const CHECKOUT_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** While a checkout is pending, re-read Stripe at most this often (across all instances). */
const PENDING_SYNC_EVERY_MS = 3_000;
const INVOICES_SHOWN = 200;

export function publicPlans(deps: AppDeps): PublicPlan[] {
  return deps.billing.plans.map((p) => ({
    id: p.id,
    name: p.name,
    weeklyPriceCents: p.weeklyPriceCents,
    features: [...p.features],
  }));
}

function checkoutPending(customer: BillingCustomerRow | null, now: Date): boolean {
  const started = customer?.checkoutStartedAt;
  return !!started && now.getTime() - started.getTime() < CHECKOUT_LIFETIME_MS;
}

/**
 * Settings → Billing. When the owner is back from Checkout and the webhook has not landed yet, this
 * re-reads the customer from Stripe (throttled) so the page shows the result without waiting for it.
 */
export async function getBillingOverview(deps: AppDeps, scope: TeamScope): Promise<BillingOverview> {
  if (!hasRole(scope.role, 'admin')) throw forbidden('Billing is visible to owners and admins');
  const plans = publicPlans(deps);
  const now = deps.clock.now();
  if (!deps.payments.enabled) {
    const access = teamAccess(null, now, { billingEnabled: false, graceDays: deps.billing.graceDays });
    return {
      billingEnabled: false,
      plans,
      subscription: null,
      invoices: [],
      access,
      checkoutPending: false,
      canManage: false,
    };
  }

  let customer = await getBillingCustomer(deps.db, scope);
  if (
    checkoutPending(customer, now) &&
    (!customer?.syncedAt || now.getTime() - customer.syncedAt.getTime() >= PENDING_SYNC_EVERY_MS)
  ) {
    try {
      await syncTeamBilling(deps, scope);
    } catch (e) {
      // The stored state is still worth showing; the webhook (or the next poll) will catch up.
      if (!(e instanceof AppError && e.code === 'provider_unavailable')) throw e;
      deps.log.warn({ teamId: scope.teamId }, 'stripe unavailable while confirming a checkout; showing stored state');
    }
    customer = await getBillingCustomer(deps.db, scope);
  }

  const [row, invoiceRows] = await Promise.all([
    getCurrentSubscription(deps.db, scope),
    listTeamInvoices(deps.db, scope, INVOICES_SHOWN),
  ]);
  const state = row ? toSubscriptionState(row) : null;
  const access = teamAccess(state, now, { billingEnabled: true, graceDays: deps.billing.graceDays });
  const plan = row?.planId ? findPlan(deps.billing.plans, row.planId) : undefined;
  return {
    billingEnabled: true,
    plans,
    subscription: row && {
      status: row.status,
      planId: row.planId,
      planName: plan?.name ?? null,
      seats: row.seats,
      weeklyTotalCents: plan ? weeklyTotalCents(plan, row.seats) : null,
      currentPeriodEnd: row.currentPeriodEnd,
      cancelAtPeriodEnd: row.cancelAtPeriodEnd,
      graceEndsAt: access.banner?.graceEndsAt ?? null,
      card:
        row.cardBrand && row.cardLast4 && row.cardExpMonth && row.cardExpYear
          ? { brand: row.cardBrand, last4: row.cardLast4, expMonth: row.cardExpMonth, expYear: row.cardExpYear }
          : null,
    },
    invoices: invoiceRows.map((i) => ({
      id: i.stripeInvoiceId,
      number: i.number,
      createdAt: i.createdAt,
      amountDueCents: i.amountDueCents,
      amountPaidCents: i.amountPaidCents,
      currency: i.currency,
      status: i.status,
      hostedInvoiceUrl: i.hostedInvoiceUrl,
      invoicePdfUrl: i.invoicePdfUrl,
    })),
    access,
    checkoutPending: checkoutPending(customer, now),
    canManage: !!customer,
  };
}
