import { z } from 'zod';

/** A weekly per-seat plan. Prices are USD cents; the Stripe Price must recur weekly at the same amount. */
export type Plan = {
  id: string;
  name: string;
  weeklyPriceCents: number;
  stripePriceId: string;
  features: string[];
};

export const planSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 lowercase letters, digits, "-" or "_"'),
  name: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
  weeklyPriceCents: z
    .int('must be a whole number of cents')
    .min(1, 'must be at least 1 cent')
    .max(1_000_000, 'must be at most 1000000 cents ($10,000)'),
  stripePriceId: z.string().regex(/^price_[A-Za-z0-9_]+$/, 'must be a Stripe Price id such as price_1AbC…'),
  features: z.array(z.string().trim().min(1, 'must not be empty')).default([]),
});

export const plansSchema = z
  .array(planSchema)
  .min(1, 'must list at least one plan')
  .superRefine((plans, ctx) => {
    const seen = (key: 'id' | 'stripePriceId') => {
      const first = new Map<string, number>();
      plans.forEach((p, i) => {
        const prev = first.get(p[key]);
        if (prev === undefined) first.set(p[key], i);
        else ctx.addIssue({ code: 'custom', path: [i, key], message: `duplicates plan ${prev} (${p[key]})` });
      });
    };
    // Two plans on one price would make a subscription's plan ambiguous when we map it back.
    seen('id');
    seen('stripePriceId');
  });

/**
 * Used when PLANS is unset. The price id is a placeholder: checkout against real Stripe fails with
 * "Plan price … is not configured in Stripe" until the operator sets PLANS with their own Price ids.
 */
export const defaultPlans: readonly Plan[] = Object.freeze([
  {
    id: 'standard',
    name: 'Standard',
    weeklyPriceCents: 2900,
    stripePriceId: 'price_dialerseat_standard_weekly',
    features: [
      'Browser dialer with preview and power modes',
      'Unlimited lead lists and campaigns',
      'Call recording with disclosure',
      'DNC list and calling-window compliance',
    ],
  },
]);

export class PlanConfigError extends Error {
  override name = 'PlanConfigError';
}

/**
 * Parses the PLANS setting: a JSON array of plans. Unset or blank means the default list.
 * Errors name the offending entry and field so an operator can fix the setting from the message alone.
 */
export function parsePlans(raw: string | undefined | null, settingName = 'PLANS'): Plan[] {
  if (raw === undefined || raw === null || raw.trim() === '')
    return defaultPlans.map((p) => ({ ...p, features: [...p.features] }));
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new PlanConfigError(
      `${settingName} is not valid JSON (${(e as Error).message}); expected an array like [{"id":"standard","name":"Standard","weeklyPriceCents":2900,"stripePriceId":"price_…","features":[]}]`,
    );
  }
  const parsed = plansSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${settingName}${formatPath(issue.path)}: ${issue.message}`);
    throw new PlanConfigError(`Invalid ${settingName}:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

export function findPlan(plans: readonly Plan[], id: string): Plan | undefined {
  return plans.find((p) => p.id === id);
}

export function planForPriceId(plans: readonly Plan[], stripePriceId: string): Plan | undefined {
  return plans.find((p) => p.stripePriceId === stripePriceId);
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });

/** 2900 → "$29.00". Integer cents only, so no float rounding reaches a customer. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be an integer, got ${cents}`);
  return usd.format(cents / 100);
}

/** 2900 → "$29.00/seat/week". */
export function formatSeatPrice(planOrCents: Plan | number): string {
  const cents = typeof planOrCents === 'number' ? planOrCents : planOrCents.weeklyPriceCents;
  return `${formatCents(cents)}/seat/week`;
}

export function weeklyTotalCents(plan: Plan, seats: number): number {
  if (!Number.isSafeInteger(seats) || seats < 0)
    throw new RangeError(`seats must be a non-negative integer, got ${seats}`);
  return plan.weeklyPriceCents * seats;
}

/** (plan at $29, 3 seats) → "$87.00/week for 3 seats". */
export function formatWeeklyTotal(plan: Plan, seats: number): string {
  return `${formatCents(weeklyTotalCents(plan, seats))}/week for ${seats} seat${seats === 1 ? '' : 's'}`;
}
