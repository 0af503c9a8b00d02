import { describe, expect, it } from 'vitest';
import { recordingStatus } from './call-card';
import { call, campaign } from './fake-dialer-server';

// What the agent's call card says of the recording, in each phase of a call on a recording campaign.
describe('recordingStatus', () => {
  const recorded = campaign('power', { recordingEnabled: true });

  it('says "starting" only while the call is answered and live, before the server reports the recording', () => {
    expect(recordingStatus(call('c1', 'in-progress'), recorded, null)).toBe('starting');
    expect(recordingStatus(call('c1', 'queued'), recorded, null)).toBeNull();
    expect(recordingStatus(call('c1', 'ringing'), recorded, null)).toBeNull();
  });

  it('says nothing of a recording for a call that ended without one (never answered, busy, or answered and over)', () => {
    for (const status of ['no-answer', 'busy', 'failed', 'canceled', 'completed'] as const)
      expect(recordingStatus(call('c1', status), recorded, null)).toBeNull();
  });

  it("reports the server's recording status, and the agent's own change before the server confirms it", () => {
    const withRecording = call('c1', 'in-progress', {
      recording: { status: 'in-progress', durationSec: null, expiresAt: '2030-02-01T00:00:00.000Z' },
    });
    expect(recordingStatus(withRecording, recorded, null)).toBe('in-progress');
    expect(recordingStatus(withRecording, recorded, 'pause')).toBe('paused');
    expect(recordingStatus(call('c1', 'in-progress'), campaign('power'), null)).toBeNull();
  });
});
