import { describe, expect, it } from 'vitest';
import { checkPolicyNotice, earliestEffectiveAt } from './policy';

describe('policy notice period', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  it('accepts 30 days ahead or later and refuses anything sooner', () => {
    expect(checkPolicyNotice(earliestEffectiveAt(now), now).ok).toBe(true);
    expect(checkPolicyNotice(new Date('2027-02-01T00:00:00Z'), now).ok).toBe(true);
    const soon = checkPolicyNotice(new Date(earliestEffectiveAt(now).getTime() - 1), now);
    expect(soon.ok).toBe(false);
    expect(!soon.ok && soon.reason).toMatch(/2026-12-31 or later/);
  });
});
