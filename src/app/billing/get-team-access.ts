import { teamAccess, type TeamAccess } from '../../core/billing/access';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getCurrentSubscription } from '../../db/queries/billing';
import type { AppDeps } from '../deps';
import { toSubscriptionState } from './sync-subscription';

export type AccessCapability = 'dial' | 'import';

/** What the team may do right now, from its stored subscription and the clock (billing off: everything). */
export async function teamAccessFor(deps: AppDeps, scope: TeamScope): Promise<TeamAccess> {
  const opts = { billingEnabled: deps.payments.enabled, graceDays: deps.billing.graceDays };
  if (!opts.billingEnabled) return teamAccess(null, deps.clock.now(), opts);
  const row = await getCurrentSubscription(deps.db, scope);
  return teamAccess(row ? toSubscriptionState(row) : null, deps.clock.now(), opts);
}

/**
 * The gate for work that costs money to run (dialing, importing): throws payment_required (HTTP 402)
 * with the banner's message when the team's payment state does not allow it. Reading and exporting
 * are never gated (lapsed user data preservation).
 */
export async function assertTeamAccess(
  deps: AppDeps,
  scope: TeamScope,
  capability: AccessCapability,
): Promise<TeamAccess> {
  const access = await teamAccessFor(deps, scope);
  const allowed = capability === 'dial' ? access.canDial : access.canImport;
  if (!allowed) {
    const what = capability === 'dial' ? 'Dialing' : 'Importing leads';
    throw new AppError(
      'payment_required',
      `${what} is paused for this team. ${access.banner?.message ?? 'A paid subscription is needed.'}`,
    );
  }
  return access;
}
