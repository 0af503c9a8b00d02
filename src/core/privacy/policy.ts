/** Material policy changes are announced at least this long before they take effect. */
export const POLICY_NOTICE_DAYS = 30;

/** The first instant a version published now may take effect. */
export function earliestEffectiveAt(now: Date): Date {
  return new Date(now.getTime() + POLICY_NOTICE_DAYS * 86_400_000);
}

export function checkPolicyNotice(effectiveAt: Date, now: Date): { ok: true } | { ok: false; reason: string } {
  const earliest = earliestEffectiveAt(now);
  if (effectiveAt.getTime() < earliest.getTime())
    return {
      ok: false,
      reason: `A new version takes effect no sooner than ${POLICY_NOTICE_DAYS} days after it is published (${earliest.toISOString().slice(0, 10)} or later)`,
    };
  return { ok: true };
}

/** The date the public pages print as "last updated" when no version was published through the app yet. */
export const BUILT_IN_POLICY = { version: '2026-11-29', effectiveAt: new Date('2026-11-29T00:00:00Z') };
