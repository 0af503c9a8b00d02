import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RetentionKind } from './periods';
import { cutoff, expiresAt, isExpired, retentionRule, retentionRules } from './periods';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const plusDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY);

const allKinds: RetentionKind[] = [
  'recording',
  'securityEvent',
  'errorLog',
  'exportFile',
  'outboxMail',
  'webhookDelivery',
  'leadDripLog',
  'billingRecord',
  'accountData',
  'leadData',
  'callData',
  'callDetailRecord',
];

describe('retention rules', () => {
  it('lists every kind exactly once', () => {
    expect(retentionRules.map((r) => r.kind).sort()).toEqual([...allKinds].sort());
  });

  it('states the promised periods, and the label says the same number as the data', () => {
    const expected: Partial<Record<RetentionKind, string>> = {
      recording: '30 days',
      securityEvent: '90 days',
      errorLog: '90 days',
      exportFile: '7 days',
      outboxMail: '30 days',
      webhookDelivery: '30 days',
      leadDripLog: '30 days',
      billingRecord: '7 years',
    };
    for (const [kind, text] of Object.entries(expected)) {
      const rule = retentionRule(kind as RetentionKind);
      expect(rule.period && `${rule.period.amount} ${rule.period.unit}`).toBe(text);
      expect(rule.label.startsWith(text)).toBe(true);
    }
  });

  it('keeps account, lead and call data without a clock, deleted on request', () => {
    for (const kind of ['accountData', 'leadData', 'callData', 'callDetailRecord'] as const) {
      const rule = retentionRule(kind);
      expect(rule.period).toBeNull();
      expect(rule.onDeletionRequest).toBe('deleted');
      expect(expiresAt(kind, at('2020-01-01T00:00:00Z'))).toBeNull();
      expect(cutoff(kind, at('2040-01-01T00:00:00Z'))).toBeNull();
      expect(isExpired(kind, at('2000-01-01T00:00:00Z'), at('2099-01-01T00:00:00Z'))).toBe(false);
    }
  });

  it('names the abandoned-call records among the call-detail records kept without a clock', () => {
    const rule = retentionRule('callDetailRecord');
    expect(rule.title).toMatch(/agent was connected or the safe-harbor message played/);
    expect(rule.period).toBeNull();
  });

  it('explains how the 5-year call-detail record duty meets a deletion request', () => {
    const note = retentionRule('callDetailRecord').note ?? '';
    expect(note).toMatch(/5 years/);
    expect(note).toMatch(/controller/);
  });

  it('keeps billing records through a deletion request, for their legal period', () => {
    expect(retentionRule('billingRecord').onDeletionRequest).toBe('kept for its period');
  });
});

describe('day periods at the boundaries', () => {
  const call = at('2026-03-10T14:30:00Z');

  it.each([
    ['recording', 30],
    ['securityEvent', 90],
    ['errorLog', 90],
    ['exportFile', 7],
    ['outboxMail', 30],
  ] as const)('%s: kept at %d-1 days and at the last instant, expired at +1 day and 1 ms after', (kind, n) => {
    expect(isExpired(kind, call, plusDays(call, n - 1))).toBe(false);
    expect(isExpired(kind, call, plusDays(call, n))).toBe(false);
    expect(isExpired(kind, call, new Date(plusDays(call, n).getTime() + 1))).toBe(true);
    expect(isExpired(kind, call, plusDays(call, n + 1))).toBe(true);
    expect(expiresAt(kind, call)).toEqual(plusDays(call, n));
  });

  it('recording: 29 days kept, 31 days gone', () => {
    expect(isExpired('recording', call, plusDays(call, 29))).toBe(false);
    expect(isExpired('recording', call, plusDays(call, 31))).toBe(true);
  });

  it('security event: 89 days kept, 91 days gone', () => {
    expect(isExpired('securityEvent', call, plusDays(call, 89))).toBe(false);
    expect(isExpired('securityEvent', call, plusDays(call, 91))).toBe(true);
  });

  it('export file: 6 days kept, 8 days gone', () => {
    expect(isExpired('exportFile', call, plusDays(call, 6))).toBe(false);
    expect(isExpired('exportFile', call, plusDays(call, 8))).toBe(true);
  });

  it('counts days on the UTC timeline, so a DST change does not move the boundary', () => {
    // 2026-03-08 is the US spring-forward day.
    const before = at('2026-03-01T12:00:00Z');
    expect(expiresAt('exportFile', before)).toEqual(at('2026-03-08T12:00:00Z'));
  });

  it('cutoff is now minus the period', () => {
    const now = at('2026-06-01T00:00:00Z');
    expect(cutoff('recording', now)).toEqual(at('2026-05-02T00:00:00Z'));
    expect(cutoff('securityEvent', now)).toEqual(plusDays(now, -90));
  });
});

describe('year periods (billing records)', () => {
  it('adds calendar years, keeping the time of day', () => {
    expect(expiresAt('billingRecord', at('2026-05-20T09:15:00Z'))).toEqual(at('2033-05-20T09:15:00Z'));
  });

  it('ends a period started on Feb 29 when Feb 28 ends in a common year', () => {
    expect(expiresAt('billingRecord', at('2024-02-29T00:00:00Z'))).toEqual(at('2031-03-01T00:00:00Z'));
    expect(expiresAt('billingRecord', at('2024-02-29T23:59:59.999Z'))).toEqual(at('2031-03-01T00:00:00Z'));
    expect(isExpired('billingRecord', at('2024-02-29T18:00:00Z'), at('2031-02-28T23:59:59.999Z'))).toBe(false);
    expect(isExpired('billingRecord', at('2024-02-29T18:00:00Z'), at('2031-03-01T00:00:00Z'))).toBe(false);
    expect(isExpired('billingRecord', at('2024-02-29T18:00:00Z'), at('2031-03-01T00:00:00.001Z'))).toBe(true);
  });

  it('is not fooled by the day before or after Feb 29', () => {
    expect(expiresAt('billingRecord', at('2024-02-28T10:00:00Z'))).toEqual(at('2031-02-28T10:00:00Z'));
    expect(expiresAt('billingRecord', at('2024-03-01T10:00:00Z'))).toEqual(at('2031-03-01T10:00:00Z'));
  });

  it('cutoff inverts the Feb 29 cases exactly', () => {
    // Every start on 2024-02-29 lands on 2031-03-01T00:00, so at that instant the whole day is still kept.
    expect(cutoff('billingRecord', at('2031-03-01T00:00:00Z'))).toEqual(at('2024-02-29T00:00:00Z'));
    expect(cutoff('billingRecord', at('2031-03-01T00:00:00.001Z'))).toEqual(at('2024-03-01T00:00:00.001Z'));
    // Now on a Feb 29 seven years after a common year: everything up to the end of Feb 28 is gone.
    expect(cutoff('billingRecord', at('2032-02-29T12:00:00Z'))).toEqual(at('2025-03-01T00:00:00Z'));
  });

  it('agrees with isExpired for every row: expired exactly when it started before the cutoff', () => {
    const instant = fc
      .integer({ min: Date.parse('2015-01-01'), max: Date.parse('2045-01-01') })
      .map((ms) => new Date(ms));
    const kinds = fc.constantFrom<RetentionKind>(
      'billingRecord',
      'recording',
      'securityEvent',
      'errorLog',
      'exportFile',
      'webhookDelivery',
      'leadDripLog',
    );
    fc.assert(
      fc.property(kinds, instant, instant, (kind, from, now) => {
        expect(isExpired(kind, from, now)).toBe(from.getTime() < (cutoff(kind, now) as Date).getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with isExpired around leap days, midnights and anniversaries, where calendar arithmetic goes wrong', () => {
    const nearLeapDay = (years: number[]) =>
      fc
        .tuple(
          fc.constantFrom(...years),
          fc.constantFrom(1, 2),
          fc.constantFrom(28, 29, 1),
          fc.constantFrom(0, 1, 43_200_000, 86_399_999),
          fc.constantFrom(-1, 0, 1),
        )
        .map(([y, m, d, ms, nudge]) => new Date(Date.UTC(y, m, d) + ms + nudge));
    // Starts in leap and common years; "now" seven years on, where a 7-year period ends.
    fc.assert(
      fc.property(nearLeapDay([2024, 2025, 2096]), nearLeapDay([2031, 2032, 2103]), (from, now) => {
        expect(isExpired('billingRecord', from, now)).toBe(from.getTime() < cutoff('billingRecord', now).getTime());
      }),
      { numRuns: 20_000 },
    );
  });
});
