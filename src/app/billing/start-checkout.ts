import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SubscriptionStatus } from '../../core/billing/access';
import { findPlan } from '../../core/billing/plans';
import { AppError, forbidden } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import {
  claimCheckoutNonce,
  getBillingCustomer,
  getCurrentSubscription,
  saveBillingCustomer,
  teamName,
} from '../../db/queries/billing';
import type { AppDeps } from '../deps';

export const MAX_SEATS = 500;

export const startCheckoutSchema = z.object({
  planId: z.string().min(1, 'Choose a plan').max(40),
  seats: z
    .number('Enter a number of seats')
    .int('Seats must be a whole number')
    .min(1, 'At least 1 seat')
    .max(MAX_SEATS, `At most ${MAX_SEATS} seats; contact us for more`),
});
export type StartCheckoutInput = z.infer<typeof startCheckoutSchema>;

/** A checkout attempt is reused (same Stripe session on a double submit) for this long. */
const ATTEMPT_REUSE_MS = 60 * 60 * 1000;

/** A second subscription next to one of these would bill twice: the owner manages it in the portal instead. */
const MANAGED_IN_PORTAL: ReadonlySet<SubscriptionStatus> = new Set([
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'paused',
]);

export function billingPageUrl(deps: AppDeps, query = ''): string {
  return `${deps.settings.publicBaseUrl}/app/settings/billing${query}`;
}

/**
 * Owner picks a plan and seats → a Stripe Checkout URL. The team gets one Stripe customer, created on
 * its first checkout. The idempotency key names team, plan, seats and the attempt's nonce, so a double
 * submit yields one session, while a later attempt (after a completed or an hour-old one) gets a new one.
 */
export async function startCheckout(
  deps: AppDeps,
  scope: TeamScope,
  input: StartCheckoutInput & { ownerEmail: string },
): Promise<{ url: string }> {
  if (scope.role !== 'owner') throw forbidden('Only a team owner can subscribe');
  if (!deps.payments.enabled) {
    throw new AppError(
      'invalid_state',
      'Billing is off on this instance (self-hosted): every feature is already included.',
    );
  }
  const { planId, seats } = startCheckoutSchema.parse(input);
  const plan = findPlan(deps.billing.plans, planId);
  if (!plan)
    throw new AppError('invalid_input', `There is no plan "${planId}".`, { fields: { planId: 'Unknown plan' } });

  const current = await getCurrentSubscription(deps.db, scope);
  if (current && MANAGED_IN_PORTAL.has(current.status)) {
    throw new AppError(
      'conflict',
      `This team already has a subscription (${current.status.replace('_', ' ')}). Use Manage billing to change seats, update the card or cancel.`,
    );
  }

  let customer = await getBillingCustomer(deps.db, scope);
  if (!customer) {
    const name = (await teamName(deps.db, scope.teamId)) ?? 'DialerSeat team';
    const { customerId } = await deps.payments.ensureCustomer({ teamId: scope.teamId, email: input.ownerEmail, name });
    customer = await saveBillingCustomer(deps.db, scope, customerId);
  }

  const now = deps.clock.now();
  const nonce = await claimCheckoutNonce(deps.db, scope, {
    freshNonce: randomBytes(12).toString('base64url'),
    now,
    reuseSince: new Date(now.getTime() - ATTEMPT_REUSE_MS),
  });
  return deps.payments.createCheckout({
    customerId: customer.stripeCustomerId,
    teamId: scope.teamId,
    priceId: plan.stripePriceId,
    seats,
    successUrl: billingPageUrl(deps, '?checkout=success'),
    cancelUrl: billingPageUrl(deps, '?checkout=canceled'),
    idempotencyKey: `dialerseat-checkout-${scope.teamId}-${plan.id}-${seats}-${nonce}`,
  });
}
