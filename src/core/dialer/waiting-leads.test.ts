import { describe, expect, it } from 'vitest';
import { summariseWaitingLeads, type WaitingZoneRow } from './waiting-leads';

const row = (zone: string | null, patch: Partial<WaitingZoneRow>): WaitingZoneRow => ({
  zone,
  due: 0,
  setAside: 0,
  setAsideNext: null,
  retrying: 0,
  retryNext: null,
  callbacks: 0,
  callbackNext: null,
  atLimit: 0,
  reserved: 0,
  ...patch,
});

// Tuesday 2030-01-08 12:00 UTC: 07:00 in New York, 04:00 in Los Angeles — no US zone open yet.
const NOW = new Date('2030-01-08T12:00:00Z');

describe('summariseWaitingLeads', () => {
  it('counts due leads in closed zones as waiting on calling hours, with the zone that opens first', () => {
    const s = summariseWaitingLeads(
      [row('America/Los_Angeles', { due: 3 }), row('America/New_York', { due: 2 })],
      [],
      NOW,
    );
    expect(s.hours).toEqual({
      leads: 5,
      next: { zone: 'America/New_York', at: new Date('2030-01-08T13:00:00Z') },
    });
    expect(s.other).toBe(0);
  });

  it('adds the leads the gate set aside, at the time it gave them when that comes first', () => {
    const at = new Date('2030-01-08T12:30:00Z');
    const s = summariseWaitingLeads(
      [row('America/New_York', { due: 1 }), row('America/Chicago', { setAside: 4, setAsideNext: at })],
      [],
      NOW,
    );
    expect(s.hours).toEqual({ leads: 5, next: { zone: 'America/Chicago', at } });
  });

  it('reports retry gaps, callbacks and attempt limits with their earliest due time, and held or rule-bound leads apart', () => {
    const s = summariseWaitingLeads(
      [
        row('America/New_York', {
          retrying: 2,
          retryNext: new Date('2030-01-08T15:00:00Z'),
          callbacks: 1,
          callbackNext: new Date('2030-01-09T15:00:00Z'),
          atLimit: 7,
          due: 1,
          reserved: 1,
        }),
        row('America/Chicago', { retrying: 1, retryNext: new Date('2030-01-08T14:00:00Z') }),
      ],
      ['America/New_York'],
      NOW,
    );
    expect(s.retries).toEqual({ leads: 3, nextAt: new Date('2030-01-08T14:00:00Z') });
    expect(s.callbacks).toEqual({ leads: 1, nextAt: new Date('2030-01-09T15:00:00Z') });
    expect(s.attemptLimit).toEqual({ leads: 7 });
    // The due lead's zone is open: it waits on something else (a state rule, campaign hours), as does the held one.
    expect(s.other).toBe(2);
    expect(s.hours).toEqual({ leads: 0, next: null });
  });
});
