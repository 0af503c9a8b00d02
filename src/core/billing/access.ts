/**
 * What a team may do, derived only from its subscription state and a moment in time.
 * Reading and exporting are never taken away: a lapsed team keeps its data (privacy policy,
 * "lapsed user data preservation"); only dialing, importing and seats depend on payment.
 */

export const subscriptionStatuses = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'paused',
] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export type SubscriptionState = {
  status: SubscriptionStatus;
  seats: number;
  planId: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** When the subscription entered past_due; the grace period counts from here. */
  pastDueSince: Date | null;
};

export type AccessLevel = 'full' | 'grace' | 'lapsed' | 'none';

export type BannerKind = 'past_due' | 'lapsed' | 'no_subscription' | 'action_required';
export type Banner = { kind: BannerKind; message: string; graceEndsAt?: Date };

export type TeamAccess = {
  level: AccessLevel;
  canDial: boolean;
  canImport: boolean;
  canRead: true;
  canExport: true;
  /** Paid seats; null means unlimited (billing off). */
  seats: number | null;
  banner: Banner | null;
  reason?: string;
};

export type AccessOptions = { billingEnabled: boolean; graceDays: number };

const DAY_MS = 24 * 60 * 60 * 1000;

export function graceEndsAt(pastDueSince: Date, graceDays: number): Date {
  return new Date(pastDueSince.getTime() + graceDays * DAY_MS);
}

export function teamAccess(sub: SubscriptionState | null, now: Date, opts: AccessOptions): TeamAccess {
  if (!Number.isFinite(opts.graceDays) || opts.graceDays < 0) {
    throw new RangeError(`graceDays must be a non-negative number, got ${opts.graceDays}`);
  }
  if (!opts.billingEnabled) {
    return open('full', null, null, 'billing is off on this instance');
  }
  if (sub === null) {
    return readOnly(
      'none',
      {
        kind: 'no_subscription',
        message: 'Subscribe to a plan to start dialing and importing leads. Your data stays readable and exportable.',
      },
      'no subscription',
    );
  }
  switch (sub.status) {
    case 'active':
    case 'trialing':
      return open('full', sub.seats, null);
    case 'past_due': {
      // A missing start means we have not recorded the transition yet; count from the period end
      // (when the renewal charge failed) rather than granting an open-ended grace.
      const since = sub.pastDueSince ?? sub.currentPeriodEnd ?? now;
      const endsAt = graceEndsAt(since, opts.graceDays);
      if (now.getTime() < endsAt.getTime()) {
        return open(
          'grace',
          sub.seats,
          {
            kind: 'past_due',
            message:
              'Your last payment failed. Update your payment method before the grace period ends to keep dialing.',
            graceEndsAt: endsAt,
          },
          'payment past due, within grace period',
        );
      }
      return readOnly(
        'lapsed',
        {
          kind: 'lapsed',
          message:
            'Your payment is overdue and the grace period has ended. Update your payment method to resume dialing; your data stays readable and exportable.',
          graceEndsAt: endsAt,
        },
        'payment past due, grace period over',
      );
    }
    case 'unpaid':
      return lapsed(
        'Your subscription is unpaid. Pay the open invoice to resume dialing; your data stays readable and exportable.',
        'subscription unpaid',
      );
    case 'canceled':
      return lapsed(
        'Your subscription has ended. Subscribe again to resume dialing; your data stays readable and exportable.',
        'subscription canceled',
      );
    case 'incomplete_expired':
      return lapsed(
        'Checkout was never completed and has expired. Subscribe again to start dialing.',
        'checkout expired',
      );
    case 'paused':
      return lapsed(
        'Your subscription is paused. Resume it to dial again; your data stays readable and exportable.',
        'subscription paused',
      );
    case 'incomplete':
      return readOnly(
        'none',
        {
          kind: 'action_required',
          message: 'Finish checkout (the first payment needs confirmation) to start dialing.',
        },
        'first payment not confirmed',
      );
  }
}

function open(level: 'full' | 'grace', seats: number | null, banner: Banner | null, reason?: string): TeamAccess {
  return {
    level,
    canDial: true,
    canImport: true,
    canRead: true,
    canExport: true,
    seats,
    banner,
    ...(reason ? { reason } : {}),
  };
}

function readOnly(level: 'lapsed' | 'none', banner: Banner, reason: string): TeamAccess {
  return { level, canDial: false, canImport: false, canRead: true, canExport: true, seats: 0, banner, reason };
}

function lapsed(message: string, reason: string): TeamAccess {
  return readOnly('lapsed', { kind: 'lapsed', message }, reason);
}

/**
 * Whether `agentId` may hold a seat. `activeAgentIds` are the agents of the team currently holding one
 * (Ready or on a call). An agent already holding a seat keeps it, so lowering the seat count never
 * kicks someone off a live call; it only stops new agents from going Ready.
 */
export function seatAvailable(input: {
  seats: number | null;
  activeAgentIds: readonly string[];
  agentId: string;
}): boolean {
  if (input.seats === null) return true;
  const holders = new Set(input.activeAgentIds);
  if (holders.has(input.agentId)) return true;
  return holders.size < input.seats;
}

export type GoReadyDecision = { ok: true } | { ok: false; reason: 'dialing_disabled' | 'seats_full'; message: string };

/** The Ready-button gate: the team must be allowed to dial and a paid seat must be free for this agent. */
export function canGoReady(
  access: TeamAccess,
  input: { activeAgentIds: readonly string[]; agentId: string },
): GoReadyDecision {
  if (!access.canDial) {
    return {
      ok: false,
      reason: 'dialing_disabled',
      message: access.banner?.message ?? 'Dialing is not available for this team.',
    };
  }
  if (!seatAvailable({ seats: access.seats, activeAgentIds: input.activeAgentIds, agentId: input.agentId })) {
    return {
      ok: false,
      reason: 'seats_full',
      message: `All ${access.seats} paid seat${access.seats === 1 ? ' is' : 's are'} in use. Ask an admin to add seats, or wait for an agent to leave Ready.`,
    };
  }
  return { ok: true };
}
