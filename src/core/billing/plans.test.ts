import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPlans,
  findPlan,
  formatCents,
  formatSeatPrice,
  formatWeeklyTotal,
  parsePlans,
  planForPriceId,
  PlanConfigError,
  weeklyTotalCents,
  type Plan,
} from './plans';

const pro: Plan = {
  id: 'pro',
  name: 'Pro',
  weeklyPriceCents: 4900,
  stripePriceId: 'price_1ProWeekly',
  features: ['Power dialer'],
};

describe('parsePlans', () => {
  it.each([undefined, null, '', '   '])('falls back to the default plans when unset (%o)', (raw) => {
    expect(parsePlans(raw)).toEqual(defaultPlans);
  });

  it('returns copies of the defaults, so a caller cannot mutate them for everyone', () => {
    const plans = parsePlans(undefined);
    plans[0]?.features.push('mutated');
    expect(defaultPlans[0]?.features).not.toContain('mutated');
  });

  it('parses a JSON array and defaults features to []', () => {
    const raw = JSON.stringify([
      pro,
      { id: 'basic', name: 'Basic', weeklyPriceCents: 1500, stripePriceId: 'price_basic' },
    ]);
    expect(parsePlans(raw)).toEqual([
      pro,
      { id: 'basic', name: 'Basic', weeklyPriceCents: 1500, stripePriceId: 'price_basic', features: [] },
    ]);
  });

  it('says when the setting is not JSON, with an example of the expected shape', () => {
    expect(() => parsePlans('standard:Standard:2900:price_x')).toThrow(PlanConfigError);
    expect(() => parsePlans('standard:Standard:2900:price_x')).toThrow(
      /PLANS is not valid JSON.*expected an array like/s,
    );
  });

  it('names the entry and field of each problem', () => {
    const raw = JSON.stringify([
      { ...pro },
      { id: 'Bad Id', name: '', weeklyPriceCents: 12.5, stripePriceId: 'prod_123', features: [''] },
    ]);
    let message = '';
    try {
      parsePlans(raw);
    } catch (e) {
      expect(e).toBeInstanceOf(PlanConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain('PLANS[1].id: must be 1–40 lowercase letters');
    expect(message).toContain('PLANS[1].name: must not be empty');
    expect(message).toContain('PLANS[1].weeklyPriceCents: must be a whole number of cents');
    expect(message).toContain('PLANS[1].stripePriceId: must be a Stripe Price id');
    expect(message).toContain('PLANS[1].features[0]: must not be empty');
    expect(message).not.toContain('PLANS[0]');
  });

  it('uses the given setting name in messages', () => {
    expect(() => parsePlans('{', 'BILLING_PLANS')).toThrow(/^BILLING_PLANS is not valid JSON/);
  });

  it.each([
    ['an empty list', '[]', /PLANS: must list at least one plan/],
    ['an object instead of a list', '{"id":"pro"}', /PLANS: /],
    ['a zero price', JSON.stringify([{ ...pro, weeklyPriceCents: 0 }]), /weeklyPriceCents: must be at least 1 cent/],
    [
      'a price given as a string',
      JSON.stringify([{ ...pro, weeklyPriceCents: '4900' }]),
      /weeklyPriceCents: must be a whole number/,
    ],
    ['an unknown field (likely a typo)', JSON.stringify([{ ...pro, weeklyPrice: 4900 }]), /PLANS\[0\]: .*weeklyPrice/],
    [
      'a duplicate id',
      JSON.stringify([pro, { ...pro, stripePriceId: 'price_other' }]),
      /PLANS\[1\]\.id: duplicates plan 0 \(pro\)/,
    ],
    [
      'a duplicate price',
      JSON.stringify([pro, { ...pro, id: 'pro2' }]),
      /PLANS\[1\]\.stripePriceId: duplicates plan 0 \(price_1ProWeekly\)/,
    ],
  ])('refuses %s', (_label, raw, pattern) => {
    expect(() => parsePlans(raw)).toThrow(pattern);
  });

  it('round-trips any valid plan list', () => {
    const planArb = fc.record({
      id: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,39}$/),
      name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,30}[A-Za-z0-9]$/),
      weeklyPriceCents: fc.integer({ min: 1, max: 1_000_000 }),
      stripePriceId: fc.stringMatching(/^price_[A-Za-z0-9_]{1,24}$/),
      features: fc.array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,20}[A-Za-z0-9]$/), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(planArb, { minLength: 1, maxLength: 5, selector: (p) => p.id }), (plans) => {
        fc.pre(new Set(plans.map((p) => p.stripePriceId)).size === plans.length);
        expect(parsePlans(JSON.stringify(plans))).toEqual(plans);
      }),
    );
  });
});

describe('defaultPlans', () => {
  it('are themselves valid configuration', () => {
    expect(parsePlans(JSON.stringify(defaultPlans))).toEqual(defaultPlans);
  });
});

describe('lookups', () => {
  const plans = [...defaultPlans, pro];
  it('find a plan by id and by Stripe price', () => {
    expect(findPlan(plans, 'pro')).toBe(pro);
    expect(planForPriceId(plans, 'price_1ProWeekly')).toBe(pro);
    expect(findPlan(plans, 'enterprise')).toBeUndefined();
    expect(planForPriceId(plans, 'price_unknown')).toBeUndefined();
  });
});

describe('formatting', () => {
  it.each([
    [2900, '$29.00'],
    [0, '$0.00'],
    [5, '$0.05'],
    [123456, '$1,234.56'],
  ])('formatCents(%i) → %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it('refuses fractional cents rather than rounding silently', () => {
    expect(() => formatCents(29.5)).toThrow(RangeError);
  });

  it('formats a per-seat weekly price from a plan or from cents', () => {
    expect(formatSeatPrice(2900)).toBe('$29.00/seat/week');
    expect(formatSeatPrice(pro)).toBe('$49.00/seat/week');
  });

  it('totals seats in integer cents', () => {
    expect(weeklyTotalCents(pro, 3)).toBe(14700);
    expect(formatWeeklyTotal(pro, 3)).toBe('$147.00/week for 3 seats');
    expect(formatWeeklyTotal(pro, 1)).toBe('$49.00/week for 1 seat');
    expect(() => weeklyTotalCents(pro, -1)).toThrow(RangeError);
    expect(() => weeklyTotalCents(pro, 1.5)).toThrow(RangeError);
  });
});
