import type { SdkCall, SdkClient, SignalWireSdk } from './signalwire-leg';

// A stand-in for the `@signalwire/js` module in unit tests: records what the adapter asks of it and lets the test
// play the SDK's events. Everything it does resolves at once; `unreachable` makes every new client fail.

type Handler = () => void;

export class FakeSdkCall implements SdkCall {
  started = false;
  hungUp = false;
  audioMuted = false;
  /** The microphone's track as the SDK exposes it; only `enabled` matters here. */
  readonly localAudioTrack = { enabled: true } as MediaStreamTrack;
  /** The call was not granted the capability to mute itself (the SDK then refuses audioMute). */
  mutingRefused = false;
  private handlers = new Map<string, Handler[]>();
  constructor(
    readonly params: Parameters<SdkClient['dial']>[0],
    private readonly log: string[],
  ) {}
  async start() {
    this.started = true;
  }
  async hangup() {
    this.log.push('hangup');
    this.hungUp = true;
  }
  async audioMute() {
    if (this.mutingRefused) throw new Error('CapabilityError: Missing audio mute capability');
    this.audioMuted = true;
    return {};
  }
  async audioUnmute() {
    this.audioMuted = false;
    return {};
  }
  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  /** The SDK emitting one of its events. */
  emit(event: 'media.connected' | 'media.reconnecting' | 'destroy') {
    for (const h of this.handlers.get(event) ?? []) h();
  }
}

export class FakeSdkClient implements SdkClient {
  disconnected = false;
  updatedTokens: string[] = [];
  constructor(
    readonly token: string,
    private readonly sdk: FakeSignalWireSdk,
  ) {}
  async dial(params: Parameters<SdkClient['dial']>[0]) {
    const call = new FakeSdkCall(params, this.sdk.log);
    this.sdk.calls.push(call);
    return call;
  }
  async updateToken(token: string) {
    this.updatedTokens.push(token);
  }
  async disconnect() {
    this.sdk.log.push('disconnect');
    this.disconnected = true;
  }
}

export class FakeSignalWireSdk implements SignalWireSdk {
  clients: FakeSdkClient[] = [];
  calls: FakeSdkCall[] = [];
  /** Hang-ups and disconnects in the order the adapter made them. */
  log: string[] = [];
  /** The relay cannot be reached: creating a client fails. */
  unreachable = false;
  async SignalWire({ token }: { token: string }) {
    if (this.unreachable) throw new Error('WebSocket connection failed');
    const client = new FakeSdkClient(token, this);
    this.clients.push(client);
    return client;
  }
  lastCall(): FakeSdkCall {
    const call = this.calls.at(-1);
    if (!call) throw new Error('the adapter has not dialled');
    return call;
  }
}
