import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canGoReady,
  graceEndsAt,
  seatAvailable,
  subscriptionStatuses,
  teamAccess,
  type SubscriptionState,
  type SubscriptionStatus,
} from './access';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2030-03-15T12:00:00.000Z');
const on = { billingEnabled: true, graceDays: 7 };
const off = { billingEnabled: false, graceDays: 7 };

function sub(status: SubscriptionStatus, over: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    status,
    seats: 5,
    planId: 'standard',
    currentPeriodEnd: new Date(now.getTime() + 3 * DAY),
    cancelAtPeriodEnd: false,
    pastDueSince: status === 'past_due' ? new Date(now.getTime() - DAY) : null,
    ...over,
  };
}

describe('teamAccess', () => {
  describe('billing off (self-hosted)', () => {
    it.each([null, ...subscriptionStatuses.map((s) => sub(s))])('grants everything with unlimited seats (%o)', (s) => {
      expect(teamAccess(s, now, off)).toEqual({
        level: 'full',
        canDial: true,
        canImport: true,
        canRead: true,
        canExport: true,
        seats: null,
        banner: null,
        reason: 'billing is off on this instance',
      });
    });
  });

  it('without a subscription: readable and exportable, no dialing or import, a subscribe banner', () => {
    const a = teamAccess(null, now, on);
    expect(a).toMatchObject({
      level: 'none',
      canDial: false,
      canImport: false,
      canRead: true,
      canExport: true,
      seats: 0,
    });
    expect(a.banner?.kind).toBe('no_subscription');
    expect(a.banner?.message).toMatch(/subscribe/i);
  });

  it.each(['active', 'trialing'] as const)('%s: full access with the paid seats and no banner', (status) => {
    expect(teamAccess(sub(status, { seats: 3 }), now, on)).toEqual({
      level: 'full',
      canDial: true,
      canImport: true,
      canRead: true,
      canExport: true,
      seats: 3,
      banner: null,
    });
  });

  it('active but cancelling at period end keeps full access until Stripe ends it', () => {
    expect(teamAccess(sub('active', { cancelAtPeriodEnd: true }), now, on).level).toBe('full');
  });

  describe('past_due grace period', () => {
    const since = new Date('2030-03-10T08:30:00.000Z');
    const ends = new Date(since.getTime() + 7 * DAY);
    const pastDue = sub('past_due', { pastDueSince: since, seats: 4 });

    it('the moment it became past_due: grace, dialing allowed, banner says when grace ends', () => {
      const a = teamAccess(pastDue, since, on);
      expect(a).toMatchObject({ level: 'grace', canDial: true, canImport: true, seats: 4 });
      expect(a.banner).toEqual({
        kind: 'past_due',
        message: expect.stringMatching(/payment failed/i),
        graceEndsAt: ends,
      });
    });

    it('one millisecond before graceEndsAt: still grace', () => {
      expect(teamAccess(pastDue, new Date(ends.getTime() - 1), on).level).toBe('grace');
    });

    it('exactly at graceEndsAt: lapsed (the grace period is half-open)', () => {
      const a = teamAccess(pastDue, ends, on);
      expect(a).toMatchObject({
        level: 'lapsed',
        canDial: false,
        canImport: false,
        canRead: true,
        canExport: true,
        seats: 0,
      });
      expect(a.banner).toEqual({ kind: 'lapsed', message: expect.any(String), graceEndsAt: ends });
    });

    it('long after graceEndsAt: lapsed', () => {
      expect(teamAccess(pastDue, new Date(ends.getTime() + 30 * DAY), on).level).toBe('lapsed');
    });

    it('graceDays 0 lapses immediately', () => {
      expect(teamAccess(pastDue, since, { billingEnabled: true, graceDays: 0 }).level).toBe('lapsed');
    });

    it('fractional grace days are honoured to the millisecond', () => {
      const half = { billingEnabled: true, graceDays: 0.5 };
      expect(teamAccess(pastDue, new Date(since.getTime() + 12 * 60 * 60 * 1000 - 1), half).level).toBe('grace');
      expect(teamAccess(pastDue, new Date(since.getTime() + 12 * 60 * 60 * 1000), half).level).toBe('lapsed');
    });

    it('without a recorded pastDueSince, counts from the period end rather than granting endless grace', () => {
      const periodEnd = new Date(now.getTime() - 8 * DAY);
      const a = teamAccess(sub('past_due', { pastDueSince: null, currentPeriodEnd: periodEnd }), now, on);
      expect(a.level).toBe('lapsed');
      expect(a.banner?.graceEndsAt).toEqual(new Date(periodEnd.getTime() + 7 * DAY));
    });

    it('with neither date known, the grace period starts now', () => {
      const a = teamAccess(sub('past_due', { pastDueSince: null, currentPeriodEnd: null }), now, on);
      expect(a.level).toBe('grace');
      expect(a.banner?.graceEndsAt).toEqual(new Date(now.getTime() + 7 * DAY));
    });
  });

  it.each([
    ['unpaid', /unpaid/i],
    ['canceled', /ended/i],
    ['incomplete_expired', /expired/i],
    ['paused', /paused/i],
  ] as const)('%s: lapsed — data stays readable and exportable, nothing else', (status, wording) => {
    const a = teamAccess(sub(status), now, on);
    expect(a).toMatchObject({
      level: 'lapsed',
      canDial: false,
      canImport: false,
      canRead: true,
      canExport: true,
      seats: 0,
    });
    expect(a.banner?.kind).toBe('lapsed');
    expect(a.banner?.message).toMatch(wording);
    expect(a.reason).toBeTruthy();
  });

  it('incomplete: no dialing, and the banner asks to finish checkout', () => {
    const a = teamAccess(sub('incomplete'), now, on);
    expect(a).toMatchObject({ level: 'none', canDial: false, canImport: false, canRead: true, canExport: true });
    expect(a.banner?.kind).toBe('action_required');
    expect(a.banner?.message).toMatch(/finish checkout/i);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses graceDays %s', (graceDays) => {
    expect(() => teamAccess(null, now, { billingEnabled: true, graceDays })).toThrow(RangeError);
  });

  const anyState = fc.record({
    status: fc.constantFrom(...subscriptionStatuses),
    seats: fc.integer({ min: 0, max: 500 }),
    planId: fc.constantFrom('standard', 'pro'),
    currentPeriodEnd: fc.option(
      fc.date({ noInvalidDate: true, min: new Date('2020-01-01'), max: new Date('2040-01-01') }),
    ),
    cancelAtPeriodEnd: fc.boolean(),
    pastDueSince: fc.option(fc.date({ noInvalidDate: true, min: new Date('2020-01-01'), max: new Date('2040-01-01') })),
  });
  const anyDate = fc.date({ noInvalidDate: true, min: new Date('2020-01-01'), max: new Date('2040-01-01') });

  it('invariants: read/export always; dial iff import iff full/grace; seats null iff billing off; no seats without dialing', () => {
    fc.assert(
      fc.property(
        fc.option(anyState),
        anyDate,
        fc.boolean(),
        fc.integer({ min: 0, max: 60 }),
        (s, t, billingEnabled, graceDays) => {
          const a = teamAccess(s, t, { billingEnabled, graceDays });
          expect(a.canRead).toBe(true);
          expect(a.canExport).toBe(true);
          expect(a.canDial).toBe(a.canImport);
          expect(a.canDial).toBe(a.level === 'full' || a.level === 'grace');
          expect(a.seats === null).toBe(!billingEnabled);
          if (!a.canDial) expect(a.seats).toBe(0);
          if (a.canDial && s && billingEnabled) expect(a.seats).toBe(s.seats);
          expect(a.banner === null).toBe(a.level === 'full');
        },
      ),
    );
  });

  it('past_due never comes back from lapsed as time moves on', () => {
    fc.assert(
      fc.property(
        anyState,
        anyDate,
        fc.integer({ min: 0, max: 100 * DAY }),
        fc.integer({ min: 0, max: 30 }),
        (s, t, later, graceDays) => {
          const state = { ...s, status: 'past_due' as const };
          const opts = { billingEnabled: true, graceDays };
          if (teamAccess(state, t, opts).level === 'lapsed') {
            expect(teamAccess(state, new Date(t.getTime() + later), opts).level).toBe('lapsed');
          }
        },
      ),
    );
  });
});

describe('graceEndsAt', () => {
  it('adds whole days in milliseconds, independent of time zones and DST', () => {
    expect(graceEndsAt(new Date('2030-03-08T01:30:00Z'), 3)).toEqual(new Date('2030-03-11T01:30:00Z'));
  });
});

describe('seatAvailable', () => {
  it('unlimited seats admit anyone', () => {
    expect(seatAvailable({ seats: null, activeAgentIds: ['a', 'b', 'c'], agentId: 'd' })).toBe(true);
  });

  it('admits a new agent while a paid seat is free, and not beyond', () => {
    expect(seatAvailable({ seats: 2, activeAgentIds: ['a'], agentId: 'b' })).toBe(true);
    expect(seatAvailable({ seats: 2, activeAgentIds: ['a', 'b'], agentId: 'c' })).toBe(false);
  });

  it('an agent already holding a seat keeps it, even when seats were reduced below the holders', () => {
    expect(seatAvailable({ seats: 1, activeAgentIds: ['a', 'b'], agentId: 'b' })).toBe(true);
  });

  it('counts each holder once', () => {
    expect(seatAvailable({ seats: 2, activeAgentIds: ['a', 'a', 'a'], agentId: 'b' })).toBe(true);
  });

  it('zero seats admit nobody new', () => {
    expect(seatAvailable({ seats: 0, activeAgentIds: [], agentId: 'a' })).toBe(false);
  });

  it('property: a newcomer gets a seat iff fewer distinct holders than seats', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), { maxLength: 40 }),
        (seats, holders) => {
          const distinct = new Set(holders).size;
          expect(seatAvailable({ seats, activeAgentIds: holders, agentId: 'newcomer' })).toBe(distinct < seats);
        },
      ),
    );
  });
});

describe('canGoReady', () => {
  it('refuses when the team may not dial, quoting the banner', () => {
    const access = teamAccess(sub('canceled'), now, on);
    expect(canGoReady(access, { activeAgentIds: [], agentId: 'a' })).toEqual({
      ok: false,
      reason: 'dialing_disabled',
      message: access.banner?.message,
    });
  });

  it('refuses an agent beyond the paid seats', () => {
    const access = teamAccess(sub('active', { seats: 1 }), now, on);
    const d = canGoReady(access, { activeAgentIds: ['a'], agentId: 'b' });
    expect(d).toEqual({ ok: false, reason: 'seats_full', message: expect.stringMatching(/1 paid seat is in use/) });
  });

  it('admits within seats during active, grace, and with billing off', () => {
    expect(
      canGoReady(teamAccess(sub('active', { seats: 2 }), now, on), { activeAgentIds: ['a'], agentId: 'b' }),
    ).toEqual({ ok: true });
    expect(
      canGoReady(teamAccess(sub('past_due', { seats: 2 }), now, on), { activeAgentIds: ['a'], agentId: 'b' }),
    ).toEqual({ ok: true });
    expect(canGoReady(teamAccess(null, now, off), { activeAgentIds: ['a', 'b', 'c'], agentId: 'd' })).toEqual({
      ok: true,
    });
  });
});
