import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaCodeOf, stateOfNumber } from './area-codes';
import { rankCallerIds, usageDay, withoutResting, type CallerIdCandidate } from './caller-id';

const number = (e164: string, over: Partial<CallerIdCandidate> = {}): CallerIdCandidate => ({
  id: e164,
  e164,
  state: stateOfNumber(e164) ?? null,
  dailyCap: 100,
  usedToday: 0,
  isDefault: false,
  ...over,
});

describe('area codes', () => {
  it('knows the state of common area codes and nothing of non-US numbers', () => {
    expect(stateOfNumber('+14155550123')).toBe('CA');
    expect(stateOfNumber('+12125550123')).toBe('NY');
    expect(stateOfNumber('+12025550123')).toBe('DC');
    expect(stateOfNumber('+17135550123')).toBe('TX');
    expect(stateOfNumber('+16045550123')).toBeUndefined(); // Vancouver
    expect(stateOfNumber('+442071838750')).toBeUndefined();
    expect(areaCodeOf('+14155550123')).toBe('415');
    expect(areaCodeOf('+1415555012')).toBeUndefined();
  });
});

describe('rankCallerIds (local presence)', () => {
  const pool = [
    number('+12125550100', { isDefault: true }), // NY, default
    number('+14155550100'), // San Francisco
    number('+12135550100'), // Los Angeles
    number('+13125550100'), // Chicago
  ];

  it('prefers the lead’s area code, then its state, then the default, then the rest of the pool', () => {
    expect(rankCallerIds(pool, { phone: '+14155552671' }).map((c) => [c.e164, c.tier])).toEqual([
      ['+14155550100', 'area_code'],
      ['+12135550100', 'state'],
      ['+12125550100', 'default'],
      ['+13125550100', 'pool'],
    ]);
  });

  it('takes the state from the lead’s address over its number (numbers are portable)', () => {
    const [first] = rankCallerIds(pool, { phone: '+16175550100', state: 'il' });
    expect(first).toMatchObject({ e164: '+13125550100', tier: 'state' });
  });

  it('falls back to the default when nothing is local', () => {
    expect(rankCallerIds(pool, { phone: '+13055550100' })[0]).toMatchObject({ e164: '+12125550100', tier: 'default' });
  });

  it('skips numbers at their daily cap and rotates by today’s use', () => {
    const busy = [
      number('+14155550100', { usedToday: 100 }),
      number('+14155550101', { usedToday: 7 }),
      number('+14155550102', { usedToday: 3 }),
      number('+12125550100', { isDefault: true, usedToday: 100 }),
    ];
    expect(rankCallerIds(busy, { phone: '+14155552671' }).map((c) => c.e164)).toEqual(['+14155550102', '+14155550101']);
    expect(rankCallerIds(busy, { phone: '+13055550100' }).map((c) => c.e164)).toEqual(['+14155550102', '+14155550101']);
  });

  it('never offers a number at its cap, and offers every other one exactly once', () => {
    const arb = fc.array(
      fc.record({
        npa: fc.constantFrom('212', '415', '213', '312', '305'),
        line: fc.integer({ min: 100, max: 199 }),
        cap: fc.integer({ min: 1, max: 5 }),
        used: fc.integer({ min: 0, max: 6 }),
        isDefault: fc.boolean(),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arb, fc.constantFrom('+14155552671', '+13055550100', '+12125550199'), (rows, phone) => {
        const candidates = rows.map((r, i) =>
          number(`+1${r.npa}55501${String(r.line).slice(1)}`, {
            id: String(i),
            dailyCap: r.cap,
            usedToday: r.used,
            isDefault: r.isDefault,
          }),
        );
        const ranked = rankCallerIds(candidates, { phone });
        expect(ranked.every((c) => c.usedToday < c.dailyCap)).toBe(true);
        expect(ranked.map((c) => c.id).sort()).toEqual(
          candidates
            .filter((c) => c.usedToday < c.dailyCap)
            .map((c) => c.id)
            .sort(),
        );
      }),
    );
  });

  it('counts usage per UTC day', () => {
    expect(usageDay(new Date('2030-01-01T23:59:59Z'))).toBe('2030-01-01');
    expect(usageDay(new Date('2030-01-02T00:00:00Z'))).toBe('2030-01-02');
  });
});

describe('withoutResting (caller-ID health)', () => {
  const now = new Date('2026-12-05T12:00:00Z');
  const later = new Date('2026-12-06T12:00:00Z');
  const c = (e164: string, restedUntil: Date | null) => ({
    id: e164,
    e164,
    state: null,
    dailyCap: 100,
    usedToday: 0,
    isDefault: false,
    restedUntil,
  });

  it('leaves out numbers still resting while another number is awake', () => {
    const pool = [c('+14155550101', later), c('+14155550102', null), c('+14155550103', now)];
    expect(withoutResting(pool, now).map((x) => x.e164)).toEqual(['+14155550102', '+14155550103']);
  });

  it('keeps every number when all of them rest, so the campaign still dials', () => {
    const pool = [c('+14155550101', later), c('+14155550102', later)];
    expect(withoutResting(pool, now).map((x) => x.e164)).toEqual(['+14155550101', '+14155550102']);
  });
});
