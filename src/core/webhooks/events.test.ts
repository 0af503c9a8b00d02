import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  DEFAULT_DELIVERY_TIMING,
  GIVE_UP_AFTER_MS,
  isDelivered,
  retryDelayMs,
  shouldDisable,
} from './events';

describe('webhook retries', () => {
  it('backs off exponentially up to a ceiling', () => {
    expect(retryDelayMs(1)).toBe(10_000);
    expect(retryDelayMs(2)).toBe(30_000);
    expect(retryDelayMs(3)).toBe(90_000);
    expect(retryDelayMs(30)).toBe(8 * 3600_000);
  });

  it('backs off from a configured first wait up to a configured ceiling', () => {
    const timing = { ...DEFAULT_DELIVERY_TIMING, retryBaseMs: 50, retryMaxMs: 1000 };
    expect([1, 2, 3, 4, 5, 30].map((n) => retryDelayMs(n, timing))).toEqual([50, 150, 450, 1000, 1000, 1000]);
    const now = new Date('2026-01-01T00:00:10Z');
    expect(afterFailure({ attempts: 2, createdAt: new Date('2026-01-01T00:00:00Z') }, now, timing)).toEqual({
      kind: 'retry',
      at: new Date('2026-01-01T00:00:10.150Z'),
    });
  });

  it('retries for about three days and then gives up', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    let now = created;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = afterFailure({ attempts, createdAt: created }, now);
      if (next.kind === 'give_up') break;
      expect(next.at.getTime()).toBeGreaterThan(now.getTime());
      now = next.at;
    }
    expect(now.getTime() - created.getTime()).toBeLessThanOrEqual(GIVE_UP_AFTER_MS);
    expect(now.getTime() - created.getTime()).toBeGreaterThan(GIVE_UP_AFTER_MS - 8 * 3600_000);
    expect(attempts).toBeGreaterThan(8);
    expect(attempts).toBeLessThan(20);
    // An endpoint failing every attempt is disabled before its first delivery runs out of attempts.
    expect(shouldDisable(created, now)).toBe(true);
  });

  it('disables an endpoint only after days of failures', () => {
    const now = new Date('2026-01-10T00:00:00Z');
    expect(shouldDisable(null, now)).toBe(false);
    expect(shouldDisable(new Date('2026-01-09T00:00:00Z'), now)).toBe(false);
    expect(shouldDisable(new Date('2026-01-06T00:00:00Z'), now)).toBe(true);
  });

  it('counts only 2xx as delivered', () => {
    expect(isDelivered(200)).toBe(true);
    expect(isDelivered(204)).toBe(true);
    expect(isDelivered(301)).toBe(false);
    expect(isDelivered(500)).toBe(false);
    expect(isDelivered(null)).toBe(false);
  });
});
