import type { AgentState, Disposition } from './types';

/** Keyboard shortcuts, shown on screen; ignored while typing in a field (Esc leaves the field). */
export const KEYS: [string, string][] = [
  ['R', 'Go Ready'],
  ['N', 'Next lead'],
  ['D', 'Dial'],
  ['S', 'Skip lead'],
  ['H', 'Hang up'],
  ['K', 'Pause / resume recording'],
  ['X', 'Stop recording'],
  ['V', 'Leave the voicemail message'],
  ['1–9', 'Choose disposition'],
  ['T', 'Type notes'],
  ['C', 'Confirm disclosure given'],
  ['Enter', 'Save disposition'],
  ['A', 'Not ready (pause)'],
  ['Q', 'Stop dialing (offline)'],
];

/** What the screen shows, as far as the keys care. */
export type ShortcutContext = {
  state: AgentState;
  hasLead: boolean;
  /** The lead may be dialled (on a real carrier: the agent's own line is up). */
  canDial: boolean;
  /** The call is being recorded; `recordingPaused` says whether K resumes. */
  recording: boolean;
  recordingPaused: boolean;
  needsConsent: boolean;
  dispositions: Disposition[];
  /** The call is answered and the campaign has a drop message to leave on a machine. */
  canDropVoicemail: boolean;
};

export type ShortcutAction =
  | { do: 'choose-disposition'; key: string }
  | { do: 'save-disposition' }
  | { do: 'toggle-consent' }
  | { do: 'toggle-pause-after' }
  | { do: 'focus-notes' }
  | { do: 'ready' }
  | { do: 'next' }
  | { do: 'dial' }
  | { do: 'skip' }
  | { do: 'hang-up' }
  | { do: 'drop-voicemail' }
  | { do: 'recording'; action: 'pause' | 'resume' | 'stop' }
  | { do: 'pause'; to: 'paused' | 'offline' };

/** The action a key press means in this state, or null when the key does nothing here. */
export function shortcutFor(pressed: string, c: ShortcutContext): ShortcutAction | null {
  const key = pressed.toLowerCase();
  const { state } = c;
  if (/^[1-9]$/.test(key)) {
    const d = state === 'wrap_up' ? c.dispositions[Number(key) - 1] : undefined;
    return d ? { do: 'choose-disposition', key: d.key } : null;
  }
  if (key === 'enter' && state === 'wrap_up') return { do: 'save-disposition' };
  if (key === 'r' && (state === 'offline' || state === 'paused')) return { do: 'ready' };
  if (key === 'n' && state === 'ready' && !c.hasLead) return { do: 'next' };
  if (key === 'd' && state === 'ready' && c.hasLead && c.canDial) return { do: 'dial' };
  if (key === 's' && state === 'ready' && c.hasLead) return { do: 'skip' };
  if (key === 'h' && (state === 'dialing' || state === 'on_call')) return { do: 'hang-up' };
  if (key === 'k' && state === 'on_call' && c.recording)
    return { do: 'recording', action: c.recordingPaused ? 'resume' : 'pause' };
  if (key === 'x' && state === 'on_call' && c.recording) return { do: 'recording', action: 'stop' };
  if (key === 'v' && state === 'on_call' && c.canDropVoicemail) return { do: 'drop-voicemail' };
  if (key === 't' && state === 'wrap_up') return { do: 'focus-notes' };
  if (key === 'c' && state === 'wrap_up' && c.needsConsent) return { do: 'toggle-consent' };
  if (key === 'a' && state === 'wrap_up') return { do: 'toggle-pause-after' };
  if (key === 'a' && state === 'ready') return { do: 'pause', to: 'paused' };
  if (key === 'q' && (state === 'ready' || state === 'paused')) return { do: 'pause', to: 'offline' };
  return null;
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Whether a key press is for the shortcuts: not while typing in a field (Esc leaves the field), not with a modifier.
 */
export function forShortcuts(e: KeyboardEvent): boolean {
  if (e.key === 'Escape' && typingIn(e.target)) {
    (e.target as HTMLElement).blur();
    return false;
  }
  return !(typingIn(e.target) || e.ctrlKey || e.metaKey || e.altKey);
}

/**
 * What a key does while a request is under way (the hang-up still being answered, say). Filling in the wrap-up form
 * is the screen's own and goes on; saving it waits for the request and then saves what the form holds (an agent types
 * "1, Enter" straight after hanging up); every other request is dropped, as its button is disabled.
 */
export function whileBusy(action: ShortcutAction): 'run' | 'after' | 'drop' {
  switch (action.do) {
    case 'choose-disposition':
    case 'toggle-consent':
    case 'toggle-pause-after':
    case 'focus-notes':
      return 'run';
    case 'save-disposition':
      return 'after';
    default:
      return 'drop';
  }
}
