// The browser side of the agent's audio leg, behind one interface so the provider's SDK lives in one adapter file
// (decision 0023). The simulator has a twin with the same states and no audio, used whenever the server runs on the
// carrier simulator, so the dialer's screens are exercised on the default setup.

export type LegState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'lost';

export interface BrowserAudioLeg {
  readonly state: LegState;
  readonly muted: boolean;
  /** Dials in (Ready). A leg already connecting or connected is kept. */
  connect(): void;
  setMuted(muted: boolean): void;
  /** Ends the leg (Stop, leaving the page). */
  hangUp(): void;
  /** Called on every change of state or mute; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

/** Runs a callback later; the twin takes it from outside so tests drive its time. */
export type Defer = (fn: () => void, ms: number) => () => void;

export const realDefer: Defer = (fn, ms) => {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
};

/**
 * The simulator's twin: connecting → connected after a short, SDK-like delay; `drop()` stands in for a network drop
 * (reconnecting, then connected again, or lost when `recover` is false). No media is touched.
 */
export class SimulatedBrowserLeg implements BrowserAudioLeg {
  state: LegState = 'idle';
  muted = false;
  private listeners = new Set<() => void>();
  private cancel: (() => void) | null = null;

  constructor(
    private readonly defer: Defer = realDefer,
    private readonly delayMs = 300,
  ) {}

  connect(): void {
    if (this.state === 'connecting' || this.state === 'connected') return;
    this.move('connecting');
    this.after(() => this.move('connected'));
  }

  /** A network drop, as the real SDK reports one. */
  drop(recover = true): void {
    if (this.state !== 'connected') return;
    this.move('reconnecting');
    this.after(() => this.move(recover ? 'connected' : 'lost'));
  }

  setMuted(muted: boolean): void {
    if (this.muted === muted) return;
    this.muted = muted;
    this.emit();
  }

  hangUp(): void {
    this.cancel?.();
    this.cancel = null;
    this.muted = false;
    this.move('idle');
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private after(fn: () => void) {
    this.cancel?.();
    this.cancel = this.defer(() => {
      this.cancel = null;
      fn();
    }, this.delayMs);
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

export const legStateLabels: Record<LegState, string> = {
  idle: 'Browser audio is off.',
  connecting: 'Connecting your browser audio…',
  connected: 'Your browser audio is connected.',
  reconnecting: 'Your browser audio dropped: reconnecting…',
  lost: 'Your browser audio was lost. Go Not ready and Ready again to reconnect.',
};
