import { AppError, forbidden } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getBillingCustomer } from '../../db/queries/billing';
import type { AppDeps } from '../deps';
import { billingPageUrl } from './start-checkout';

/** Stripe's Customer Portal (card, seats, cancel, invoices) for the team's customer; owners only. */
export async function openBillingPortal(deps: AppDeps, scope: TeamScope): Promise<{ url: string }> {
  if (scope.role !== 'owner') throw forbidden('Only a team owner can manage billing');
  if (!deps.payments.enabled) {
    throw new AppError('invalid_state', 'Billing is off on this instance (self-hosted): there is nothing to manage.');
  }
  const customer = await getBillingCustomer(deps.db, scope);
  if (!customer) throw new AppError('invalid_state', 'This team has never subscribed; choose a plan first.');
  return deps.payments.createPortal({ customerId: customer.stripeCustomerId, returnUrl: billingPageUrl(deps) });
}
