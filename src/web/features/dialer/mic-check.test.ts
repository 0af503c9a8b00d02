import { describe, expect, it } from 'vitest';
import {
  levelFrom,
  micFailed,
  micFailureFrom,
  micPrecondition,
  pickDevice,
  rememberDevices,
  rememberedDevices,
} from './mic-check';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('mic check', () => {
  it('refuses an insecure origin before asking, then a browser without the media API', () => {
    expect(micPrecondition({ isSecureContext: false, hasGetUserMedia: false })).toBe('insecure');
    expect(micPrecondition({ isSecureContext: true, hasGetUserMedia: false })).toBe('unsupported');
    expect(micPrecondition({ isSecureContext: true, hasGetUserMedia: true })).toBeNull();
  });

  it('names each getUserMedia failure as one the agent can act on', () => {
    const err = (name: string) => Object.assign(new Error(name), { name });
    expect(micFailureFrom(err('NotAllowedError'))).toBe('denied');
    expect(micFailureFrom(err('NotFoundError'))).toBe('no-device');
    expect(micFailureFrom(err('OverconstrainedError'))).toBe('no-device');
    expect(micFailureFrom(err('NotReadableError'))).toBe('busy');
    expect(micFailureFrom(err('TypeError'))).toBe('other');
    expect(micFailureFrom('nonsense')).toBe('other');
    const denied = micFailed('denied');
    expect(denied).toMatchObject({ status: 'failed', failure: 'denied' });
    expect(denied.status === 'failed' && denied.message).toMatch(/Allow it/);
  });

  it('reads silence as zero and a loud signal as a high level, capped at one', () => {
    expect(levelFrom(new Uint8Array(64).fill(128))).toBe(0);
    expect(levelFrom([])).toBe(0);
    const quiet = levelFrom(Array.from({ length: 64 }, (_, i) => (i % 2 ? 131 : 125)));
    const loud = levelFrom(Array.from({ length: 64 }, (_, i) => (i % 2 ? 200 : 56)));
    expect(quiet).toBeGreaterThan(0);
    expect(loud).toBeGreaterThan(quiet);
    expect(levelFrom(Array.from({ length: 64 }, (_, i) => (i % 2 ? 255 : 0)))).toBe(1);
  });

  it('remembers the chosen devices and forgets a damaged entry', () => {
    const s = memoryStorage();
    expect(rememberedDevices(s)).toEqual({ input: null, output: null });
    rememberDevices(s, { input: 'mic-2', output: 'spk-1' });
    expect(rememberedDevices(s)).toEqual({ input: 'mic-2', output: 'spk-1' });
    s.setItem('dialerseat.audio-devices', '{not json');
    expect(rememberedDevices(s)).toEqual({ input: null, output: null });
  });

  it('uses the remembered device only while it is still plugged in', () => {
    expect(pickDevice('mic-2', [{ deviceId: 'mic-1' }, { deviceId: 'mic-2' }])).toBe('mic-2');
    expect(pickDevice('mic-2', [{ deviceId: 'mic-1' }])).toBeNull();
    expect(pickDevice(null, [{ deviceId: 'mic-1' }])).toBeNull();
  });
});
