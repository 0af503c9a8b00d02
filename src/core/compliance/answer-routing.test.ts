import { describe, expect, it } from 'vitest';
import { routeAnswer, safeHarborWords } from './answer-routing';

const base = {
  callId: 'call-1',
  lineRequired: false,
  seller: 'Sunny Roofs',
  callbackNumber: '+14155550134',
  teamName: 'Team',
  callerId: '+12025550123',
};
const waiting = { state: 'dialing', callId: 'call-1', lineStatus: 'none' };

describe('routeAnswer', () => {
  it('connects the callee to the agent the call was dialled for while they wait on it', () => {
    expect(routeAnswer({ ...base, session: waiting })).toEqual({ kind: 'connect' });
    expect(routeAnswer({ ...base, session: { ...waiting, state: 'on_call' } })).toEqual({ kind: 'connect' });
    // Answered before the dial was written on the session: still theirs.
    expect(routeAnswer({ ...base, session: { ...waiting, callId: null } })).toEqual({ kind: 'connect' });
    expect(routeAnswer({ ...base, lineRequired: true, session: { ...waiting, lineStatus: 'connected' } })).toEqual({
      kind: 'connect',
    });
  });

  it('gives the safe-harbor message, with the reason, whenever nobody would hear the callee', () => {
    const reason = (session: Parameters<typeof routeAnswer>[0]['session'], lineRequired = false) => {
      const v = routeAnswer({ ...base, lineRequired, session });
      return v.kind === 'safe_harbor' ? v.reason : v.kind;
    };
    expect(reason(null)).toBe('no_agent_session');
    for (const state of ['offline', 'paused', 'ready', 'wrap_up'])
      expect(reason({ ...waiting, state })).toBe('agent_left');
    expect(reason({ ...waiting, callId: 'call-2' })).toBe('agent_on_other_call');
    for (const lineStatus of ['none', 'ringing', 'dropped'])
      expect(reason({ ...waiting, lineStatus }, true)).toBe('agent_line_down');
  });

  it('says the campaign’s seller and call-back number', () => {
    const v = routeAnswer({ ...base, session: null });
    expect(v).toMatchObject({ kind: 'safe_harbor' });
    expect(v.kind === 'safe_harbor' && v.message).toBe(
      'Hello, this is Sunny Roofs. We called you but no one was free to take the call. To reach us, or to ask us not ' +
        'to call again, please call 4 1 5 5 5 5 0 1 3 4. Thank you.',
    );
  });
});

describe('safeHarborWords', () => {
  it('falls back to the team’s name and the caller ID that rang when the campaign has none', () => {
    const words = safeHarborWords({ ...base, seller: ' ', callbackNumber: '' });
    expect(words).toContain('this is Team.');
    expect(words).toContain('please call 2 0 2 5 5 5 0 1 2 3.');
  });
});
