// The browser leg on SignalWire: the one file that knows `@signalwire/js` (pinned in package.json, decision 0024).
// It implements the same BrowserAudioLeg as the simulator's twin; moving to the SDK's next major version means
// rewriting this file and its SDK shape below, nothing else. The SDK is imported only when this leg first dials,
// so the bundle of a team on the simulator never carries it.
import type { BrowserLegGrantResponse, BrowserLegTokenResponse } from '../../../core/api/dialer.types';
import { realDefer, type BrowserAudioLeg, type Defer, type LegState } from './browser-audio';

/** The part of the SDK we use. The real module must fit it (checked by the compiler in `loadSignalWire`). */
export type SdkCall = {
  start(): Promise<void>;
  hangup(): Promise<void>;
  audioMute(): Promise<unknown>;
  audioUnmute(): Promise<unknown>;
  readonly localAudioTrack: MediaStreamTrack | null;
  on(event: 'media.connected' | 'media.reconnecting' | 'destroy', handler: () => void): unknown;
};
export type SdkClient = {
  dial(params: {
    to: string;
    audio: MediaTrackConstraints | boolean;
    video: false;
    negotiateVideo: false;
  }): Promise<SdkCall>;
  updateToken(token: string): Promise<void>;
  disconnect(): Promise<void>;
};
export type SignalWireSdk = { SignalWire(params: { token: string }): Promise<SdkClient> };

/** The real SDK, fetched as its own chunk on first use. */
export const loadSignalWire = async (): Promise<SignalWireSdk> => {
  const sdk = await import('@signalwire/js');
  return { SignalWire: (params) => sdk.SignalWire(params) };
};

/** Where the leg's one-time addresses and tokens come from: the server, which never sends project credentials. */
export interface LegGrants {
  /** A one-time address and token to dial (the Ready answer's while unused, else a new one for the same session). */
  dial(): Promise<BrowserLegGrantResponse>;
  /** A new token for the leg already dialled, before the current one runs out. */
  refresh(): Promise<BrowserLegTokenResponse>;
}

export type SignalWireLegOptions = {
  grants: LegGrants;
  load?: () => Promise<SignalWireSdk>;
  defer?: Defer;
  now?: () => number;
  /** The microphone the agent picked in the check (null: the browser's default). */
  inputDeviceId?: () => string | null;
};

/** Redials after a lost leg: 1, 2, 4, 8, 16 s, then the leg is given up as lost. */
export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000];
/** The token is renewed this long before it expires (timers in a hidden tab may run up to a minute late). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** A failed renewal is tried again after this long, while the old token still holds. */
const REFRESH_RETRY_MS = 30_000;

/**
 * The agent's leg over SignalWire. States come from the SDK's events: `connecting` until `call.start()` resolves;
 * `media.reconnecting` → reconnecting, `media.connected` → connected (the SDK renegotiates by itself); the call
 * ending without our hang-up (`destroy`) → we dial again with a fresh one-time address, with backoff, and call the
 * leg lost when every retry failed. Mute silences the microphone's track and tells the SDK; the token is renewed
 * before it expires.
 */
export class SignalWireLeg implements BrowserAudioLeg {
  state: LegState = 'idle';
  muted = false;
  private listeners = new Set<() => void>();
  private client: SdkClient | null = null;
  private call: SdkCall | null = null;
  /** Bumped by every new dial and by hang-up: work started for an older one finds it stale and stops. */
  private generation = 0;
  private failures = 0;
  private cancelRetry: (() => void) | null = null;
  private cancelRefresh: (() => void) | null = null;
  private readonly load: () => Promise<SignalWireSdk>;
  private readonly defer: Defer;
  private readonly now: () => number;

  constructor(private readonly options: SignalWireLegOptions) {
    this.load = options.load ?? loadSignalWire;
    this.defer = options.defer ?? realDefer;
    this.now = options.now ?? Date.now;
  }

  connect(): void {
    if (this.state === 'connecting' || this.state === 'connected' || this.state === 'reconnecting') return;
    this.failures = 0;
    this.move('connecting');
    void this.dial();
  }

  setMuted(muted: boolean): void {
    if (this.muted === muted) return;
    this.muted = muted;
    this.emit();
    if (this.call) this.applyMute(this.call);
  }

  hangUp(): void {
    this.generation++;
    this.stopTimers();
    this.release();
    this.failures = 0;
    const wasMuted = this.muted;
    this.muted = false;
    if (this.state !== 'idle') this.move('idle');
    else if (wasMuted) this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async dial(): Promise<void> {
    const mine = ++this.generation;
    const stale = () => mine !== this.generation;
    try {
      const grant = await this.options.grants.dial();
      if (stale()) return;
      const sdk = await this.load();
      if (stale()) return;
      const client = await sdk.SignalWire({ token: grant.token });
      if (stale()) return void client.disconnect().catch(() => {});
      this.client = client;
      const input = this.options.inputDeviceId?.() ?? null;
      const call = await client.dial({
        to: grant.dialAddress,
        audio: input ? { deviceId: { exact: input } } : true,
        video: false,
        negotiateVideo: false,
      });
      if (stale()) return void call.hangup().catch(() => {});
      this.call = call;
      call.on('media.reconnecting', () => !stale() && this.move('reconnecting'));
      call.on('media.connected', () => !stale() && this.state === 'reconnecting' && this.move('connected'));
      call.on('destroy', () => !stale() && this.lost());
      await call.start();
      if (stale()) return;
      if (this.muted) this.applyMute(call);
      this.failures = 0;
      this.move('connected');
      this.scheduleRefresh(grant.expiresAt);
    } catch {
      if (!stale()) this.lost();
    }
  }

  /**
   * Mute silences the microphone's track here, which needs nothing from the far end, and tells SignalWire through
   * the SDK, which refuses (CapabilityError) when the call was not granted the `self.mute.audio` capability.
   */
  private applyMute(call: SdkCall): void {
    if (call.localAudioTrack) call.localAudioTrack.enabled = !this.muted;
    void (this.muted ? call.audioMute() : call.audioUnmute()).catch(() => {});
  }

  /** The leg ended or could not be set up: dial again after a pause, or give up. */
  private lost(): void {
    this.generation++;
    this.stopTimers();
    this.release();
    const delay = RETRY_DELAYS_MS[this.failures];
    this.failures++;
    if (delay === undefined) return this.move('lost');
    if (this.state !== 'connecting') this.move('reconnecting');
    this.cancelRetry = this.defer(() => {
      this.cancelRetry = null;
      void this.dial();
    }, delay);
  }

  private scheduleRefresh(expiresAt: string): void {
    const due = Date.parse(expiresAt) - TOKEN_REFRESH_MARGIN_MS - this.now();
    this.cancelRefresh?.();
    this.cancelRefresh = this.defer(() => void this.refresh(expiresAt), Math.max(0, due));
  }

  private async refresh(current: string): Promise<void> {
    const mine = this.generation;
    this.cancelRefresh = null;
    try {
      const next = await this.options.grants.refresh();
      if (mine !== this.generation || !this.client) return;
      await this.client.updateToken(next.token);
      if (mine === this.generation) this.scheduleRefresh(next.expiresAt);
    } catch {
      if (mine !== this.generation) return;
      // Try again while the old token holds; once it has run out the SDK's own reconnects fail and we redial.
      if (Date.parse(current) > this.now())
        this.cancelRefresh = this.defer(() => void this.refresh(current), REFRESH_RETRY_MS);
    }
  }

  private stopTimers(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.cancelRefresh?.();
    this.cancelRefresh = null;
  }

  private release(): void {
    const { call, client } = this;
    this.call = null;
    this.client = null;
    // The hang-up travels on the client's websocket: close it only once the hang-up has gone.
    const hungUp = call ? call.hangup().catch(() => {}) : Promise.resolve();
    if (client) void hungUp.then(() => client.disconnect()).catch(() => {});
  }

  private move(state: LegState) {
    if (this.state === state) return;
    this.state = state;
    this.emit();
  }

  private emit() {
    for (const l of this.listeners) l();
  }
}
