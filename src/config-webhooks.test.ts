import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';
import { DEFAULT_DELIVERY_TIMING } from './core/webhooks/events';

describe('webhook delivery timing', () => {
  it('keeps the designed timing unless told otherwise', () => {
    expect(parseConfig({}).webhookTiming).toEqual(DEFAULT_DELIVERY_TIMING);
    expect(DEFAULT_DELIVERY_TIMING).toEqual({
      retryBaseMs: 10_000,
      retryMaxMs: 8 * 3_600_000,
      leaseMs: 60_000,
      timeoutMs: 15_000,
    });
  });

  it('takes a compressed timing for a test bed', () => {
    const c = parseConfig({
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '1000',
      WEBHOOK_LEASE_MS: '5000',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    expect(c.webhookTiming).toEqual({ retryBaseMs: 50, retryMaxMs: 1000, leaseMs: 5000, timeoutMs: 2000 });
  });

  it('refuses a lease too short to cover a send, naming both variables', () => {
    expect(() => parseConfig({ WEBHOOK_LEASE_MS: '20000' })).toThrow(ConfigError);
    expect(() => parseConfig({ WEBHOOK_LEASE_MS: '20000' })).toThrow(/WEBHOOK_LEASE_MS.*twice WEBHOOK_TIMEOUT_MS/);
    expect(() => parseConfig({ WEBHOOK_LEASE_MS: '4000', WEBHOOK_TIMEOUT_MS: '2000' })).not.toThrow();
  });

  it('refuses a ceiling below the first wait', () => {
    expect(() => parseConfig({ WEBHOOK_RETRY_BASE_MS: '5000', WEBHOOK_RETRY_MAX_MS: '1000' })).toThrow(
      /WEBHOOK_RETRY_MAX_MS.*WEBHOOK_RETRY_BASE_MS/,
    );
  });
});
