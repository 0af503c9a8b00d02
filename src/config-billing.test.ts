import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const keys = { STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' };

describe('billing configuration', () => {
  it('is off without Stripe secrets (self-hosted) and uses the default plans', () => {
    const c = parseConfig({});
    expect(c.billingEnabled).toBe(false);
    expect(c.plans.map((p) => p.id)).toEqual(['standard']);
    expect(c.BILLING_GRACE_DAYS).toBe(3);
  });

  it('is on with both secrets, even with the placeholder price ids of the default plans', () => {
    const c = parseConfig({
      ...keys,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: '12111',
      STRIPE_API_PROTOCOL: 'http',
    });
    expect(c.billingEnabled).toBe(true);
    expect(c.plans[0]?.stripePriceId).toBe('price_dialerseat_standard_weekly');
    expect(c.STRIPE_API_PORT).toBe(12111);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: ' ', PLANS: '' }).billingEnabled).toBe(false);
  });

  it('refuses half a Stripe configuration, naming the missing secret', () => {
    expect(() => parseConfig({ STRIPE_SECRET_KEY: keys.STRIPE_SECRET_KEY })).toThrow(
      /STRIPE_WEBHOOK_SECRET is not set/,
    );
    expect(() => parseConfig({ STRIPE_WEBHOOK_SECRET: keys.STRIPE_WEBHOOK_SECRET })).toThrow(
      /STRIPE_SECRET_KEY is not set/,
    );
  });

  it('names a malformed secret', () => {
    expect(() => parseConfig({ ...keys, STRIPE_WEBHOOK_SECRET: 'nope' })).toThrow(
      /STRIPE_WEBHOOK_SECRET: must be a Stripe webhook signing secret/,
    );
    expect(() => parseConfig({ ...keys, STRIPE_SECRET_KEY: 'pk_test_123' })).toThrow(
      /STRIPE_SECRET_KEY: must be a Stripe secret key/,
    );
  });

  it('parses PLANS at start-up and fails with the entry and field at fault', () => {
    const plans = JSON.stringify([
      { id: 'pro', name: 'Pro', weeklyPriceCents: 4900, stripePriceId: 'price_pro', features: ['x'] },
    ]);
    expect(parseConfig({ PLANS: plans }).plans).toEqual([
      { id: 'pro', name: 'Pro', weeklyPriceCents: 4900, stripePriceId: 'price_pro', features: ['x'] },
    ]);
    expect(() => parseConfig({ PLANS: '[{' })).toThrow(ConfigError);
    expect(() => parseConfig({ PLANS: '[{' })).toThrow(/PLANS is not valid JSON/);
    const bad = JSON.stringify([{ id: 'pro', name: 'Pro', weeklyPriceCents: 49.5, stripePriceId: 'price_pro' }]);
    expect(() => parseConfig({ PLANS: bad })).toThrow(/PLANS\[0\]\.weeklyPriceCents: must be a whole number of cents/);
  });

  it('bounds the grace period', () => {
    expect(parseConfig({ BILLING_GRACE_DAYS: '0' }).BILLING_GRACE_DAYS).toBe(0);
    expect(() => parseConfig({ BILLING_GRACE_DAYS: '-1' })).toThrow(/BILLING_GRACE_DAYS/);
  });
});
