import { describe, expect, it } from 'vitest';
import { LazyLeg, SimulatedBrowserLeg, type BrowserAudioLeg, type Defer } from './browser-audio';
import { RETRY_DELAYS_MS, SignalWireLeg, TOKEN_REFRESH_MARGIN_MS, type LegGrants } from './signalwire-leg';
import { FakeSignalWireSdk } from './fake-signalwire-sdk';

// One contract for every implementation of the browser leg: the simulator's twin and the SignalWire adapter (on a
// fake SDK object) must look the same to the dialer page. Time is a controlled clock; promises are drained by
// letting the event loop turn, never by waiting.

/** A controlled clock: deferred callbacks run when the test moves time past them. */
function manualClock() {
  let now = 0;
  let queue: { at: number; fn: () => void }[] = [];
  const defer: Defer = (fn, ms) => {
    const entry = { at: now + ms, fn };
    queue.push(entry);
    return () => {
      queue = queue.filter((e) => e !== entry);
    };
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = queue.filter((e) => e.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      queue = queue.filter((e) => e !== due);
      now = due.at;
      due.fn();
    }
    now = until;
  };
  return { defer, advance, now: () => now, pending: () => queue.map((e) => e.at - now) };
}

/** Lets every promise already settled run its continuations (one turn of the event loop). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

type Harness = {
  leg: BrowserAudioLeg;
  /** Lets the leg finish what it started (pending timers and promises). */
  settle(): Promise<void>;
  /** A network drop the leg recovers from, or one it cannot. */
  drop(recover: boolean): Promise<void>;
};

function simulatorHarness(): Harness {
  const clock = manualClock();
  const leg = new SimulatedBrowserLeg(clock.defer);
  return {
    leg,
    settle: async () => clock.advance(1_000),
    drop: async (recover) => leg.drop(recover),
  };
}

const HOUR = 3_600_000;
function grantsFor(clock: { now: () => number }): LegGrants & { dials: number; refreshes: number } {
  const g = {
    dials: 0,
    refreshes: 0,
    dial: async () => {
      g.dials++;
      return {
        token: `sat-${g.dials}`,
        expiresAt: new Date(clock.now() + 2 * HOUR).toISOString(),
        dialAddress: `/public/dialerseat-agent?t=nonce-${g.dials}`,
      };
    },
    refresh: async () => {
      g.refreshes++;
      return { token: `sat-renewed-${g.refreshes}`, expiresAt: new Date(clock.now() + 2 * HOUR).toISOString() };
    },
  };
  return g;
}

function signalWireHarness() {
  const clock = manualClock();
  const sdk = new FakeSignalWireSdk();
  const grants = grantsFor(clock);
  const leg = new SignalWireLeg({
    grants,
    load: async () => sdk,
    defer: clock.defer,
    now: clock.now,
    inputDeviceId: () => 'mic-2',
  });
  /** Drains promises, running the timers due in the next minute (retries), never the token's renewal. */
  const settle = async () => {
    for (let i = 0; i < 10; i++) {
      await drain();
      const next = clock.pending().filter((ms) => ms <= 60_000)[0];
      if (next === undefined) break;
      clock.advance(next);
    }
    await drain();
  };
  /** Drains promises only: the test moves the clock itself. */
  const flush = async () => {
    for (let i = 0; i < 5; i++) await drain();
  };
  return { leg, sdk, clock, grants, settle, flush };
}

/** The contract's view of the adapter: a drop is the SDK's events (recovered) or the call ending for good. */
function signalWireContractHarness(): Harness {
  const h = signalWireHarness();
  let recovering = false;
  return {
    leg: h.leg,
    settle: async () => {
      await h.settle();
      if (recovering) h.sdk.lastCall().emit('media.connected');
      recovering = false;
      await h.settle();
    },
    drop: async (recover) => {
      if (recover) {
        recovering = true;
        h.sdk.lastCall().emit('media.reconnecting');
        return;
      }
      // The SDK gives up on the media and ends the call; every redial fails too.
      h.sdk.unreachable = true;
      h.sdk.lastCall().emit('destroy');
    },
  };
}

/** The page's lazily loaded leg (its module fetched on first connect), here around the SignalWire adapter. */
function lazyHarness(): Harness {
  const inner = signalWireContractHarness();
  const leg = new LazyLeg(async () => inner.leg);
  return { ...inner, leg, settle: inner.settle };
}

const implementations: [string, () => Harness][] = [
  ['the simulator twin', simulatorHarness],
  ['the SignalWire adapter on a fake SDK', signalWireContractHarness],
  ['the SignalWire adapter loaded lazily', lazyHarness],
];

describe.each(implementations)('the browser leg contract: %s', (_name, make) => {
  it('goes connecting → connected, and keeps a leg already up when Ready is pressed again', async () => {
    const h = make();
    const seen: string[] = [];
    h.leg.subscribe(() => seen.push(h.leg.state));
    expect(h.leg.state).toBe('idle');
    h.leg.connect();
    expect(h.leg.state).toBe('connecting');
    await h.settle();
    expect(h.leg.state).toBe('connected');
    h.leg.connect();
    await h.settle();
    expect(h.leg.state).toBe('connected');
    expect(seen).toEqual(['connecting', 'connected']);
  });

  it('shows reconnecting during a drop and connected again after it', async () => {
    const h = make();
    h.leg.connect();
    await h.settle();
    await h.drop(true);
    expect(h.leg.state).toBe('reconnecting');
    await h.settle();
    expect(h.leg.state).toBe('connected');
  });

  it('ends lost when it cannot get back, and a new connect starts over', async () => {
    const h = make();
    h.leg.connect();
    await h.settle();
    await h.drop(false);
    expect(h.leg.state).toBe('reconnecting');
    await h.settle();
    expect(h.leg.state).toBe('lost');
    h.leg.connect();
    expect(h.leg.state).toBe('connecting');
  });

  it('mutes and unmutes, and hanging up while connecting leaves it idle', async () => {
    const h = make();
    let changes = 0;
    const off = h.leg.subscribe(() => changes++);
    h.leg.connect();
    h.leg.setMuted(true);
    expect(h.leg.muted).toBe(true);
    h.leg.setMuted(true);
    expect(changes).toBe(2);
    h.leg.hangUp();
    expect(h.leg.state).toBe('idle');
    expect(h.leg.muted).toBe(false);
    await h.settle();
    expect(h.leg.state).toBe('idle');
    off();
    h.leg.connect();
    expect(changes).toBe(3);
  });
});

describe('the lazily loaded leg', () => {
  it('shows lost when its module cannot be fetched, and tries again on the next connect', async () => {
    let attempts = 0;
    const twin = new SimulatedBrowserLeg(manualClock().defer);
    const leg = new LazyLeg(async () => {
      attempts++;
      if (attempts === 1) throw new Error('Failed to fetch dynamically imported module');
      return twin;
    });
    leg.connect();
    expect(leg.state).toBe('connecting');
    await drain();
    expect(leg.state).toBe('lost');
    leg.connect();
    await drain();
    expect(attempts).toBe(2);
    expect(leg.state).toBe('connecting');
  });
});

describe('the SignalWire adapter', () => {
  it('dials the one-time address with the subscriber token, audio only, on the microphone the agent picked', async () => {
    const h = signalWireHarness();
    h.leg.connect();
    await h.settle();
    expect(h.sdk.clients.map((c) => c.token)).toEqual(['sat-1']);
    expect(h.sdk.lastCall().params).toEqual({
      to: '/public/dialerseat-agent?t=nonce-1',
      audio: { deviceId: { exact: 'mic-2' } },
      video: false,
      negotiateVideo: false,
    });
    expect(h.sdk.lastCall().started).toBe(true);
  });

  it('mutes through the SDK, including a mute pressed before the leg was up', async () => {
    const h = signalWireHarness();
    h.leg.connect();
    h.leg.setMuted(true);
    await h.settle();
    expect(h.sdk.lastCall().audioMuted).toBe(true);
    expect(h.sdk.lastCall().localAudioTrack.enabled).toBe(false);
    h.leg.setMuted(false);
    await h.settle();
    expect(h.sdk.lastCall().audioMuted).toBe(false);
    expect(h.sdk.lastCall().localAudioTrack.enabled).toBe(true);
  });

  it('still silences the microphone when SignalWire refuses the call the capability to mute itself', async () => {
    const h = signalWireHarness();
    h.leg.connect();
    await h.settle();
    h.sdk.lastCall().mutingRefused = true;
    h.leg.setMuted(true);
    await h.settle();
    expect(h.sdk.lastCall().audioMuted).toBe(false);
    expect(h.sdk.lastCall().localAudioTrack.enabled).toBe(false);
    expect(h.leg.muted).toBe(true);
  });

  it('renews the token before it expires, and again before the renewed one does', async () => {
    const h = signalWireHarness();
    h.leg.connect();
    await h.flush();
    h.clock.advance(2 * HOUR - TOKEN_REFRESH_MARGIN_MS - 1);
    await h.flush();
    expect(h.grants.refreshes).toBe(0);
    h.clock.advance(1);
    await h.flush();
    expect(h.sdk.clients[0]!.updatedTokens).toEqual(['sat-renewed-1']);
    h.clock.advance(2 * HOUR - TOKEN_REFRESH_MARGIN_MS);
    await h.flush();
    expect(h.sdk.clients[0]!.updatedTokens).toEqual(['sat-renewed-1', 'sat-renewed-2']);
    expect(h.grants.dials).toBe(1);
    expect(h.leg.state).toBe('connected');
  });

  it('dials again with a fresh address when the call ends under it, backing off, and gives up after the last try', async () => {
    const h = signalWireHarness();
    h.leg.connect();
    await h.flush();
    const first = h.sdk.lastCall();
    // The server replaced or ended the leg: the SDK destroys the call. A new one-time address is fetched.
    first.emit('destroy');
    expect(h.leg.state).toBe('reconnecting');
    expect(h.clock.pending()).toEqual([RETRY_DELAYS_MS[0]]);
    h.clock.advance(RETRY_DELAYS_MS[0]!);
    await h.flush();
    expect(h.leg.state).toBe('connected');
    expect(h.grants.dials).toBe(2);
    expect(h.sdk.lastCall().params.to).toBe('/public/dialerseat-agent?t=nonce-2');
    expect(h.sdk.clients[0]!.disconnected).toBe(true);

    // Now nothing answers: each retry waits longer, then the leg is lost.
    h.sdk.unreachable = true;
    h.sdk.lastCall().emit('destroy');
    const waits: number[] = [];
    while (h.clock.pending().length > 0) {
      waits.push(h.clock.pending()[0]!);
      h.clock.advance(h.clock.pending()[0]!);
      await h.flush();
    }
    expect(waits).toEqual(RETRY_DELAYS_MS);
    expect(h.leg.state).toBe('lost');
  });

  it('hangs up the call, then closes the client; a late end then dials nothing', async () => {
    const h = signalWireHarness();
    h.leg.connect();
    await h.settle();
    const call = h.sdk.lastCall();
    h.leg.hangUp();
    expect(call.hungUp).toBe(true);
    await h.flush();
    // The hang-up goes out on the client's websocket, so the client closes only after it.
    expect(h.sdk.log).toEqual(['hangup', 'disconnect']);
    call.emit('destroy');
    await h.settle();
    expect(h.clock.pending()).toEqual([]);
    expect(h.leg.state).toBe('idle');
    expect(h.grants.dials).toBe(1);
  });
});
