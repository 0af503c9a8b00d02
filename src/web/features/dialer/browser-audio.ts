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

/**
 * A leg whose implementation is loaded on first use (the SignalWire adapter and its SDK are chunks of their own, so
 * the bundle of a team on the simulator never carries them). What the page asks before it arrives is replayed on it;
 * a load that fails (the chunk could not be fetched) shows as lost, and connecting again tries again.
 */
export class LazyLeg implements BrowserAudioLeg {
  private inner: BrowserAudioLeg | null = null;
  private loading: Promise<void> | null = null;
  private wanted = false;
  private failed = false;
  private mutedWanted = false;
  private listeners = new Set<() => void>();
  private shown = 'idle:false';

  constructor(private readonly load: () => Promise<BrowserAudioLeg>) {}

  get state(): LegState {
    if (this.inner) return this.inner.state;
    if (this.failed) return 'lost';
    return this.wanted ? 'connecting' : 'idle';
  }

  get muted(): boolean {
    return this.inner ? this.inner.muted : this.mutedWanted;
  }

  connect(): void {
    if (this.inner) return this.inner.connect();
    this.wanted = true;
    this.failed = false;
    this.emit();
    this.loading ??= this.load().then(
      (leg) => {
        this.inner = leg;
        leg.subscribe(() => this.emit());
        if (this.mutedWanted) leg.setMuted(true);
        if (this.wanted) leg.connect();
        this.emit();
      },
      () => {
        this.loading = null;
        this.failed = this.wanted;
        this.emit();
      },
    );
  }

  setMuted(muted: boolean): void {
    if (this.inner) return this.inner.setMuted(muted);
    this.mutedWanted = muted;
    this.emit();
  }

  hangUp(): void {
    this.wanted = false;
    this.mutedWanted = false;
    this.failed = false;
    if (this.inner) this.inner.hangUp();
    else this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells listeners only of a real change (the inner leg and the wait for it may both report one). */
  private emit() {
    const now = `${this.state}:${this.muted}`;
    if (now === this.shown) return;
    this.shown = now;
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
