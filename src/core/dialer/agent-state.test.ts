import { describe, expect, it } from 'vitest';
import { effectiveState, holdsSeat, inCall, isLive, PRESENCE_TIMEOUT_MS } from './agent-state';

const now = new Date('2030-01-08T16:00:00Z');
const fresh = new Date(now.getTime() - 1000);
const stale = new Date(now.getTime() - PRESENCE_TIMEOUT_MS);

describe('agent presence and state', () => {
  it('counts an agent present only while the heartbeat is younger than the timeout', () => {
    expect(isLive(new Date(now.getTime() - PRESENCE_TIMEOUT_MS + 1), now)).toBe(true);
    expect(isLive(stale, now)).toBe(false);
  });

  it('shows a stale agent offline whatever they were doing: never a phantom Ready', () => {
    for (const state of ['ready', 'dialing', 'paused'] as const) {
      expect(effectiveState({ state, lastHeartbeat: stale }, null, now)).toBe('offline');
    }
    expect(effectiveState({ state: 'offline', lastHeartbeat: fresh }, null, now)).toBe('offline');
  });

  it('derives dialing, on call and wrap-up from the call the agent is working', () => {
    const s = { state: 'dialing' as const, lastHeartbeat: fresh };
    expect(effectiveState(s, null, now)).toBe('dialing');
    expect(effectiveState(s, { status: 'queued' }, now)).toBe('dialing');
    expect(effectiveState(s, { status: 'ringing' }, now)).toBe('dialing');
    expect(effectiveState(s, { status: 'in-progress' }, now)).toBe('on_call');
    for (const status of ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const)
      expect(effectiveState(s, { status }, now)).toBe('wrap_up');
    expect(effectiveState({ state: 'ready', lastHeartbeat: fresh }, { status: 'in-progress' }, now)).toBe('ready');
  });

  it('knows which states hold a paid seat and which are a call in progress', () => {
    expect(['ready', 'dialing', 'on_call', 'wrap_up'].every((s) => holdsSeat(s as 'ready'))).toBe(true);
    expect(holdsSeat('paused') || holdsSeat('offline')).toBe(false);
    expect(inCall('wrap_up') && inCall('dialing') && !inCall('ready')).toBe(true);
  });
});
