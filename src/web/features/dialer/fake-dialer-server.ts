import { vi } from 'vitest';
import { isCallOver, type CallOnScreen, type DialerCampaign, type DialerState, type LeadOnScreen } from './types';

// The dialer's API stubbed at the HTTP level for component tests: `fetch` answers from a small in-memory agent
// state, and EventSource is a fake the test pushes server-sent events through. The page under test is the real one.

export const TEAM = { id: '00000000-0000-4000-8000-000000000001', name: 'Test team', role: 'agent' as const };
const base = `/api/teams/${TEAM.id}`;

export function campaign(dialMode: DialerCampaign['dialMode'], patch: Partial<DialerCampaign> = {}): DialerCampaign {
  return {
    id: `campaign-${dialMode}`,
    name: `${dialMode} campaign`,
    dialMode,
    retryRules: { maxAttempts: 3 },
    dispositions: [
      { key: 'interested', label: 'Interested', final: true, retry: false },
      { key: 'not_interested', label: 'Not interested', final: true, retry: false },
      { key: 'voicemail', label: 'Voicemail', final: false, retry: true },
    ],
    recordingEnabled: false,
    recordingDisclosure: '',
    amd: false,
    ...patch,
  };
}

let leadCount = 0;
export function lead(firstName: string): LeadOnScreen {
  leadCount += 1;
  return {
    id: `lead-${leadCount}`,
    firstName,
    lastName: null,
    phone: `+1312555${String(1000 + leadCount)}`,
    email: null,
    address: null,
    city: null,
    state: 'IL',
    zip: null,
    custom: {},
    notes: null,
    attempts: 0,
    lastDisposition: null,
    timezones: ['America/Chicago'],
    zone: 'America/Chicago',
    localTime: '10:00',
    callbackAt: null,
    script: `Hello ${firstName}`,
    consent: 'one_party',
  };
}

export function call(id: string, status: CallOnScreen['status'], patch: Partial<CallOnScreen> = {}): CallOnScreen {
  const at = '2030-01-08T16:00:00.000Z';
  return {
    id,
    status,
    outcome: null,
    amdResult: null,
    queuedAt: at,
    ringingAt: null,
    answeredAt: status === 'in-progress' || status === 'completed' ? at : null,
    endedAt: isCallOver(status) ? at : null,
    durationSec: null,
    recording: null,
    ...patch,
  };
}

type Request = { method: string; path: string; body: unknown };
type Handler = (req: Request, server: FakeDialerServer) => unknown;

/** The agent's state on the fake server, the requests the page made, and the handlers (which may answer later). */
export class FakeDialerServer {
  state: DialerState;
  readonly requests: Request[] = [];
  /** How many requests have been answered. */
  answered = 0;
  readonly campaigns: DialerCampaign[];
  /** The leads `next` hands out, in order. */
  readonly queue: LeadOnScreen[] = [];
  readonly handlers = new Map<string, Handler>();
  #calls = 0;

  constructor(campaigns: DialerCampaign[]) {
    this.campaigns = campaigns;
    this.state = {
      state: 'offline',
      since: null,
      note: null,
      campaign: null,
      lead: null,
      call: null,
      heartbeatIntervalMs: 15_000,
      line: { required: false, kind: 'phone', kinds: ['phone', 'sip'], phone: null, sip: null, status: 'none' },
      serverTime: new Date().toISOString(),
    };
    this.on('GET /dialer', () => this.state);
    this.on('GET /campaigns', () => ({
      campaigns: this.campaigns.map((c) => ({ id: c.id, name: c.name, dialMode: c.dialMode, archivedAt: null })),
    }));
    this.on('POST /dialer/ready', (req) => {
      const id = (req.body as { campaignId: string }).campaignId;
      return this.set({
        state: 'ready',
        campaign: this.campaigns.find((c) => c.id === id) ?? null,
        lead: null,
        call: null,
      });
    });
    this.on('POST /dialer/pause', (req) =>
      this.set({ state: (req.body as { to: 'paused' | 'offline' }).to, lead: null }),
    );
    this.on('POST /dialer/next', () => {
      const next = this.queue.shift() ?? null;
      return { ...this.set({ lead: next }), exhausted: next === null, denied: [] };
    });
    this.on('POST /dialer/skip', () => this.set({ lead: null }));
    this.on('POST /dialer/dial', () => {
      this.#calls += 1;
      return { ...this.set({ state: 'dialing', call: call(`call-${this.#calls}`, 'queued') }), ok: true };
    });
    this.on('POST /dialer/disposition', (req) => {
      const then = (req.body as { then: 'ready' | 'paused' }).then;
      return this.set({ state: then, lead: null, call: null });
    });
    this.on('POST /dialer/heartbeat', () => ({ state: this.state.state }));
  }

  /** Answers `METHOD /path` (relative to the team's API) with what `handler` returns. */
  on(route: string, handler: Handler) {
    this.handlers.set(route, handler);
  }

  set(patch: Partial<DialerState>): DialerState {
    this.state = { ...this.state, ...patch, serverTime: new Date().toISOString() };
    return this.state;
  }

  /** The bodies the page sent to `METHOD /path`. */
  sent(route: string): unknown[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === route).map((r) => r.body);
  }

  readonly fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? 'GET';
    const path = input.startsWith(base) ? input.slice(base.length) : input;
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    this.requests.push({ method, path, body });
    const handler =
      this.handlers.get(`${method} ${path}`) ??
      this.handlers.get(`${method} ${path.replace(/\/calls\/[^/]+\//, '/calls/:id/')}`);
    if (!handler)
      return Response.json({ error: { code: 'not_found', message: `No stub for ${method} ${path}` } }, { status: 404 });
    try {
      return Response.json(await handler({ method, path, body }, this));
    } catch (e) {
      if (e instanceof StubError)
        return Response.json({ error: { code: e.code, message: e.message } }, { status: e.status });
      throw e;
    } finally {
      this.answered += 1;
    }
  };
}

export class StubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A stand-in for the browser's EventSource: the test pushes the server's events through `emit`. */
export class FakeEventSource {
  static open: FakeEventSource[] = [];
  readonly #listeners = new Map<string, ((ev: MessageEvent<string>) => void)[]>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.open.push(this);
  }
  addEventListener(type: string, fn: (ev: MessageEvent<string>) => void) {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
    FakeEventSource.open = FakeEventSource.open.filter((s) => s !== this);
  }
  /** Pushes one event to every open stream, as the server would. */
  static emit(type: string, data: unknown) {
    for (const s of FakeEventSource.open)
      for (const fn of s.#listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

/** Installs the fakes as the page's fetch and EventSource; returns the server. */
export function stubDialerApi(campaigns: DialerCampaign[]): FakeDialerServer {
  const server = new FakeDialerServer(campaigns);
  FakeEventSource.open = [];
  vi.stubGlobal('fetch', vi.fn(server.fetch));
  vi.stubGlobal('EventSource', FakeEventSource);
  return server;
}
