/**
 * Local presence: which of a campaign's caller IDs dials a lead. Callees answer local numbers more often, and a
 * number that places too many calls a day gets flagged "Spam Likely", so each number has a daily cap.
 * Order: a number with the lead's area code, else one in the lead's state, else the pool's default, else any other
 * number of the pool; numbers at their cap are skipped; within a tier the least-used number today goes first
 * (rotation), ties by number.
 */
import { areaCodeOf, stateOfNumber } from './area-codes';

export type CallerIdCandidate = {
  id: string;
  e164: string;
  /** USPS code of the number's area code, when known. */
  state: string | null;
  dailyCap: number;
  usedToday: number;
  isDefault: boolean;
  /** Set while caller-ID health rests the number (caller-id-health.ts). */
  restedUntil?: Date | null;
};

export type CallerIdTier = 'area_code' | 'state' | 'default' | 'pool';

export type CallerIdChoice = CallerIdCandidate & { tier: CallerIdTier };

/** Every usable candidate in the order they should be tried (the first may hit its cap in a race; try the next). */
export function rankCallerIds(
  candidates: readonly CallerIdCandidate[],
  lead: { phone: string; state?: string | null },
): CallerIdChoice[] {
  const npa = areaCodeOf(lead.phone);
  const leadState = (lead.state?.trim().toUpperCase() || undefined) ?? stateOfNumber(lead.phone);
  const tierOf = (c: CallerIdCandidate): CallerIdTier => {
    if (npa !== undefined && areaCodeOf(c.e164) === npa) return 'area_code';
    if (leadState !== undefined && (c.state ?? stateOfNumber(c.e164)) === leadState) return 'state';
    return c.isDefault ? 'default' : 'pool';
  };
  const order: Record<CallerIdTier, number> = { area_code: 0, state: 1, default: 2, pool: 3 };
  return candidates
    .filter((c) => c.usedToday < c.dailyCap)
    .map((c) => ({ ...c, tier: tierOf(c) }))
    .sort((a, b) => order[a.tier] - order[b.tier] || a.usedToday - b.usedToday || a.e164.localeCompare(b.e164));
}

/**
 * Caller-ID health: resting numbers are left out while the pool has another number; when every number of the pool
 * rests, they all stay offered, so resting never stops a campaign (the rule rests at most a share of the team's
 * numbers, but a campaign's own pool can be one or two of them). Caps apply either way.
 */
export function withoutResting<T extends CallerIdCandidate>(candidates: readonly T[], now: Date): T[] {
  const awake = candidates.filter((c) => !c.restedUntil || c.restedUntil.getTime() <= now.getTime());
  return awake.length > 0 ? awake : [...candidates];
}

/** The UTC calendar day a cap counts against (`YYYY-MM-DD`). */
export function usageDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
