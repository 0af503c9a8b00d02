// The microphone check's logic, kept free of the browser's media APIs so it can be proven on its own: what a failed
// getUserMedia means for the agent, how loud the input is, and which devices they picked last time.

export type MicFailure = 'insecure' | 'unsupported' | 'no-device' | 'denied' | 'busy' | 'other';

export type MicCheck =
  | { status: 'idle' }
  | { status: 'asking' }
  | { status: 'live'; level: number }
  | { status: 'failed'; failure: MicFailure; message: string };

export const micMessages: Record<MicFailure, string> = {
  insecure:
    'Your browser only lets a page use the microphone over https (or on localhost). Open the dialer at its https address.',
  unsupported: 'This browser cannot use a microphone for calls. Use a recent Chrome, Edge, Firefox or Safari.',
  'no-device': 'No microphone was found. Plug in a headset or microphone, then check again.',
  denied:
    'The browser was refused access to your microphone. Allow it in the address bar’s site settings, then check again.',
  busy: 'Your microphone is in use by another program or could not be started. Close the other program (or pick another microphone), then check again.',
  other: 'The microphone could not be started. Pick another microphone or reload the page, then check again.',
};

/** What the browser's environment rules out before asking: no secure context, no media API. */
export function micPrecondition(env: { isSecureContext: boolean; hasGetUserMedia: boolean }): MicFailure | null {
  // On an insecure origin browsers hide navigator.mediaDevices altogether, so that check comes first.
  if (!env.isSecureContext) return 'insecure';
  if (!env.hasGetUserMedia) return 'unsupported';
  return null;
}

/** getUserMedia's rejection (a DOMException by name), as the failure the agent can act on. */
export function micFailureFrom(error: unknown): MicFailure {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError': // the remembered device is gone
      return 'no-device';
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return 'other';
  }
}

export function micFailed(failure: MicFailure): MicCheck {
  return { status: 'failed', failure, message: micMessages[failure] };
}

/**
 * Input level 0..1 from an AnalyserNode's time-domain bytes (silence is 128): the RMS, scaled so ordinary speech
 * (RMS around a tenth of full scale) fills most of the meter.
 */
export function levelFrom(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = (samples[i]! - 128) / 128;
    sum += v * v;
  }
  return Math.min(1, Math.sqrt(sum / samples.length) * 4);
}

/** The devices the agent picked, remembered per browser. */
export type DeviceChoice = { input: string | null; output: string | null };
const KEY = 'dialerseat.audio-devices';

export function rememberedDevices(storage: Pick<Storage, 'getItem'>): DeviceChoice {
  try {
    const raw: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (raw && typeof raw === 'object') {
      const r = raw as Record<string, unknown>;
      return {
        input: typeof r.input === 'string' ? r.input : null,
        output: typeof r.output === 'string' ? r.output : null,
      };
    }
  } catch {
    // A damaged entry is as good as none.
  }
  return { input: null, output: null };
}

export function rememberDevices(storage: Pick<Storage, 'setItem'>, choice: DeviceChoice): void {
  storage.setItem(KEY, JSON.stringify(choice));
}

/** The remembered device when it is still plugged in, else the browser's default (null). */
export function pickDevice(remembered: string | null, available: { deviceId: string }[]): string | null {
  return remembered && available.some((d) => d.deviceId === remembered) ? remembered : null;
}
