import { describe, expect, it } from 'vitest';
import { canDropVoicemail, setAsideNotice, waitingLines, type CallOnScreen } from './types';

describe('setAsideNotice', () => {
  it('agrees its verb with the number of leads set aside', () => {
    expect(setAsideNotice(1)).toBe('1 lead outside calling hours was set aside until allowed.');
    expect(setAsideNotice(3)).toBe('3 leads outside calling hours were set aside until allowed.');
  });
});

describe('waitingLines', () => {
  const none = {
    hours: { leads: 0, next: null },
    retries: { leads: 0, nextAt: null },
    callbacks: { leads: 0, nextAt: null },
    attemptLimit: { leads: 0 },
    other: 0,
  };

  it("says per reason how many leads wait and when the first becomes callable, in the agent's time zone", () => {
    const lines = waitingLines(
      {
        hours: { leads: 3, next: { zone: 'America/New_York', at: '2030-01-08T13:00:00.000Z' } },
        retries: { leads: 1, nextAt: '2030-01-08T15:30:00.000Z' },
        callbacks: { leads: 2, nextAt: '2030-01-09T15:00:00.000Z' },
        attemptLimit: { leads: 1 },
        other: 1,
      },
      'America/Chicago',
    );
    expect(lines).toEqual([
      '3 leads wait for calling hours; America/New York opens first, at Tue 7:00 AM.',
      '1 lead waits for the retry gap; the next is due at Tue 9:30 AM.',
      '2 callbacks are booked for later; the first at Wed 9:00 AM.',
      "1 lead has reached the campaign's attempt limit.",
      "1 lead is on another agent's screen or held back by a state or campaign rule.",
    ]);
  });

  it('says when nothing is left at all', () => {
    expect(waitingLines(none)).toEqual(['No leads are left to call in this campaign.']);
  });
});

describe('canDropVoicemail', () => {
  const call = (patch: Partial<CallOnScreen>): CallOnScreen => ({
    id: 'c1',
    status: 'in-progress',
    outcome: null,
    amdResult: null,
    queuedAt: '2030-01-08T16:00:00Z',
    ringingAt: '2030-01-08T16:00:01Z',
    answeredAt: '2030-01-08T16:00:05Z',
    endedAt: null,
    durationSec: null,
    recording: null,
    ...patch,
  });

  it('offers the drop on an answered outbound call of a campaign with a drop message only', () => {
    expect(canDropVoicemail(call({}), 'Call us back')).toBe(true);
    expect(canDropVoicemail(call({}), null)).toBe(false);
    expect(canDropVoicemail(null, 'Call us back')).toBe(false);
    expect(canDropVoicemail(call({ status: 'ringing', answeredAt: null }), 'Call us back')).toBe(false);
    expect(canDropVoicemail(call({ status: 'completed' }), 'Call us back')).toBe(false);
    expect(canDropVoicemail(call({ direction: 'inbound' }), 'Call us back')).toBe(false);
  });
});
