import { describe, expect, it } from 'vitest';
import { shortcutFor, whileBusy, type ShortcutContext } from './shortcuts';
import type { AgentState } from './types';

const dispositions = [
  { key: 'interested', label: 'Interested', final: true, retry: false },
  { key: 'voicemail', label: 'Voicemail', final: false, retry: true },
];
const ctx = (state: AgentState, patch: Partial<ShortcutContext> = {}): ShortcutContext => ({
  state,
  hasLead: false,
  canDial: true,
  recording: false,
  recordingPaused: false,
  needsConsent: false,
  dispositions,
  canDropVoicemail: false,
  ...patch,
});

describe('the dialer key map', () => {
  it('gives each key its action only in the states where the screen offers it', () => {
    expect(shortcutFor('r', ctx('offline'))).toEqual({ do: 'ready' });
    expect(shortcutFor('R', ctx('paused'))).toEqual({ do: 'ready' });
    expect(shortcutFor('r', ctx('ready'))).toBeNull();
    expect(shortcutFor('n', ctx('ready'))).toEqual({ do: 'next' });
    expect(shortcutFor('n', ctx('ready', { hasLead: true }))).toBeNull();
    expect(shortcutFor('d', ctx('ready', { hasLead: true }))).toEqual({ do: 'dial' });
    // On a real carrier, not before the agent's own line is up.
    expect(shortcutFor('d', ctx('ready', { hasLead: true, canDial: false }))).toBeNull();
    expect(shortcutFor('s', ctx('ready', { hasLead: true }))).toEqual({ do: 'skip' });
    expect(shortcutFor('h', ctx('dialing'))).toEqual({ do: 'hang-up' });
    expect(shortcutFor('h', ctx('on_call'))).toEqual({ do: 'hang-up' });
    expect(shortcutFor('h', ctx('wrap_up'))).toBeNull();
    expect(shortcutFor('a', ctx('ready'))).toEqual({ do: 'pause', to: 'paused' });
    expect(shortcutFor('q', ctx('paused'))).toEqual({ do: 'pause', to: 'offline' });
    expect(shortcutFor('q', ctx('on_call'))).toBeNull();
  });

  it('drives the recording only on a recorded call, K resuming what is paused', () => {
    expect(shortcutFor('k', ctx('on_call'))).toBeNull();
    expect(shortcutFor('k', ctx('on_call', { recording: true }))).toEqual({ do: 'recording', action: 'pause' });
    expect(shortcutFor('k', ctx('on_call', { recording: true, recordingPaused: true }))).toEqual({
      do: 'recording',
      action: 'resume',
    });
    expect(shortcutFor('x', ctx('on_call', { recording: true }))).toEqual({ do: 'recording', action: 'stop' });
  });

  it('leaves the voicemail message with V only on an answered call whose campaign has one', () => {
    expect(shortcutFor('v', ctx('on_call', { canDropVoicemail: true }))).toEqual({ do: 'drop-voicemail' });
    expect(shortcutFor('V', ctx('on_call', { canDropVoicemail: true }))).toEqual({ do: 'drop-voicemail' });
    expect(shortcutFor('v', ctx('on_call'))).toBeNull();
    expect(shortcutFor('v', ctx('dialing', { canDropVoicemail: true }))).toBeNull();
    expect(shortcutFor('v', ctx('wrap_up', { canDropVoicemail: true }))).toBeNull();
  });

  it('works the wrap-up form: numbered dispositions, notes, consent when needed, Not ready after, Enter saves', () => {
    expect(shortcutFor('2', ctx('wrap_up'))).toEqual({ do: 'choose-disposition', key: 'voicemail' });
    expect(shortcutFor('3', ctx('wrap_up'))).toBeNull();
    expect(shortcutFor('1', ctx('ready'))).toBeNull();
    expect(shortcutFor('t', ctx('wrap_up'))).toEqual({ do: 'focus-notes' });
    expect(shortcutFor('c', ctx('wrap_up'))).toBeNull();
    expect(shortcutFor('c', ctx('wrap_up', { needsConsent: true }))).toEqual({ do: 'toggle-consent' });
    expect(shortcutFor('a', ctx('wrap_up'))).toEqual({ do: 'toggle-pause-after' });
    expect(shortcutFor('Enter', ctx('wrap_up'))).toEqual({ do: 'save-disposition' });
    expect(shortcutFor('Enter', ctx('ready'))).toBeNull();
  });

  it('while a request is under way: fills in the wrap-up form, saves it afterwards, drops other requests', () => {
    const action = (key: string, state: Parameters<typeof ctx>[0], extra = {}) => shortcutFor(key, ctx(state, extra))!;
    expect(whileBusy(action('1', 'wrap_up'))).toBe('run');
    expect(whileBusy(action('a', 'wrap_up'))).toBe('run');
    expect(whileBusy(action('t', 'wrap_up'))).toBe('run');
    expect(whileBusy(action('c', 'wrap_up', { needsConsent: true }))).toBe('run');
    expect(whileBusy(action('Enter', 'wrap_up'))).toBe('after');
    expect(whileBusy(action('h', 'on_call'))).toBe('drop');
    expect(whileBusy(action('r', 'offline'))).toBe('drop');
    expect(whileBusy(action('d', 'ready', { hasLead: true, canDial: true }))).toBe('drop');
    expect(whileBusy(action('q', 'ready'))).toBe('drop');
  });
});
