/**
 * Realtime fan-out across instances: every call change is published with Postgres NOTIFY (channel `call_changes`,
 * ids only), and each instance holds ONE dedicated LISTEN connection that pushes the changes to the SSE clients of
 * the team it concerns. So an agent's screen updates whichever instance received the provider's webhook.
 */
import pg from 'pg';
import { CALL_CHANGES_CHANNEL, type CallChangeNotice } from '../db/queries/call-changes';
import { getCallView, type CallView } from '../db/queries/call-view';
import type { RootDb } from '../db/client';
import type { Logger } from '../ports/logger';

/**
 * `agent`: the agent's own state changed (their phone line); their screen reloads it. `floor`: rows of the live floor
 * that a change touched (only to subscribers that asked for the floor).
 */
export type RealtimeEvent = { event: 'call' | 'resync' | 'agent' | 'floor'; data: unknown };

/** Reads the floor rows a batch of one team's changes touched (getLiveFloorPatch, given by the composition root). */
export type FloorSource = (change: { teamId: string; userIds: string[]; callIds: string[] }) => Promise<unknown>;

export type Subscriber = {
  teamId: string;
  userId: string;
  /** Admins and owners see every call of the team; agents only their own. */
  seesAllCalls: boolean;
  /** Wants the live floor's pushes (owners and admins on the wallboard). */
  floor?: boolean;
  send: (event: RealtimeEvent) => void;
  /** Ends the subscriber's stream (the instance is shutting down). */
  close: () => void;
};

/**
 * Floor reads a team may have in flight at once. One made a change wait for the read before it (the largest part of
 * a push's time with a few webhooks a second); two take that wait away and still bound each team's load.
 */
export const FLOOR_READS_PER_TEAM = 2;

export type RealtimeHubOptions = { connectionString: string; db: RootDb; log: Logger; reconnectMs?: number };

export class RealtimeHub {
  readonly #opts: RealtimeHubOptions;
  readonly #subscribers = new Map<string, Set<Subscriber>>();
  #client: pg.Client | null = null;
  #stopped = false;
  #reconnectTimer: NodeJS.Timeout | null = null;
  /** Notifications are handled one after another, so a call's pushes keep the order its changes were made in. */
  #queue: Promise<void> = Promise.resolve();
  #floorSource: FloorSource | null = null;
  #changeListeners: (() => void)[] = [];
  /** Changes waiting for the next floor read, per team, and the team's reads in flight (see #scheduleFloor). */
  readonly #floorPending = new Map<string, { userIds: Set<string>; callIds: Set<string> }>();
  readonly #floorRunning = new Map<string, number>();

  constructor(opts: RealtimeHubOptions) {
    this.#opts = opts;
  }

  async start(): Promise<void> {
    await this.#connect();
  }

  get listening(): boolean {
    return this.#client !== null;
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.#subscribers.values()) n += set.size;
    return n;
  }

  /** Turns on the live floor's pushes (main.ts gives the use-case that reads the touched rows). */
  setFloorSource(source: FloorSource): void {
    this.#floorSource = source;
  }

  /** Called on every change notice this instance hears (the pacer loop wakes on it). */
  onChange(listener: () => void): void {
    this.#changeListeners.push(listener);
  }

  subscribe(sub: Subscriber): () => void {
    const set = this.#subscribers.get(sub.teamId) ?? new Set<Subscriber>();
    set.add(sub);
    this.#subscribers.set(sub.teamId, set);
    return () => {
      set.delete(sub);
      if (set.size === 0 && this.#subscribers.get(sub.teamId) === set) this.#subscribers.delete(sub.teamId);
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const set of this.#subscribers.values()) for (const sub of set) sub.close();
    this.#subscribers.clear();
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
    await this.#queue;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#opts.connectionString });
    client.on('notification', (msg) => {
      if (msg.channel !== CALL_CHANGES_CHANNEL || !msg.payload) return;
      for (const listener of this.#changeListeners) listener();
      let notice: CallChangeNotice;
      try {
        notice = JSON.parse(msg.payload) as CallChangeNotice;
      } catch {
        return;
      }
      // The floor's read is queued at once, not behind the call pushes' reads (each change's own read, in order).
      this.#routeFloor(notice);
      this.#queue = this.#queue
        .then(() => this.#dispatch(notice))
        .catch((err: unknown) => {
          this.#opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'realtime: push failed');
        });
    });
    const lost = (why: string) => {
      if (this.#client !== client) return;
      this.#client = null;
      client.end().catch(() => {});
      if (this.#stopped) return;
      this.#opts.log.warn({ why }, 'realtime: LISTEN connection lost; reconnecting');
      this.#scheduleReconnect();
    };
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('connection ended'));
    await client.connect();
    await client.query(`LISTEN ${CALL_CHANGES_CHANNEL}`);
    this.#client = client;
  }

  #scheduleReconnect(): void {
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      if (this.#stopped) return;
      this.#connect().then(
        // Changes made while we were deaf were not heard: tell every screen to reload what it shows.
        () => this.#broadcastResync(),
        () => this.#scheduleReconnect(),
      );
    }, this.#opts.reconnectMs ?? 1000);
    this.#reconnectTimer.unref();
  }

  #broadcastResync(): void {
    for (const set of this.#subscribers.values()) for (const sub of set) sub.send({ event: 'resync', data: {} });
  }

  /** The floor rows a change touches: an agent's seat (Ready, Not ready, a dial, a disposition) or a call. */
  #routeFloor(notice: CallChangeNotice): void {
    if ('k' in notice && notice.k === 'seat') this.#scheduleFloor(notice.t, notice.a, null);
    else if (notice.c !== null) this.#scheduleFloor(notice.t, notice.a, notice.c);
  }

  async #dispatch(notice: CallChangeNotice): Promise<void> {
    const set = this.#subscribers.get(notice.t);
    if (!set || set.size === 0) return;
    // A seat change is the floor's alone (routeFloor): only the floor shows other agents' seats.
    if ('k' in notice && notice.k === 'seat') return;
    if (notice.c === null) {
      for (const sub of set) if (sub.userId === notice.a) sub.send({ event: 'agent', data: {} });
      return;
    }
    const targets = [...set].filter((s) => s.seesAllCalls || (notice.a !== null && s.userId === notice.a));
    if (targets.length === 0) return;
    // One read per change per instance, whatever the number of screens watching it.
    const view: CallView | null = await getCallView(this.#opts.db, notice.t, notice.c);
    if (!view) return;
    for (const sub of targets) sub.send({ event: 'call', data: view });
  }

  /**
   * Queues a floor read for the team when a board is watching. A change starts a read at once while the team has
   * fewer than FLOOR_READS_PER_TEAM in flight; changes that arrive beyond that are merged into the next read, so a
   * burst of webhooks costs a few reads, not one per change, and a slow read never holds up the calls' own pushes
   * (they have their own queue). Reads that overlap may answer out of order: each row carries the time its read
   * began (`asOf`) and the board keeps the newer row, and the last change's read always begins after it committed.
   */
  #scheduleFloor(teamId: string, userId: string | null, callId: string | null): void {
    if (!this.#floorSource) return;
    const set = this.#subscribers.get(teamId);
    if (!set || ![...set].some((s) => s.floor)) return;
    const pending = this.#floorPending.get(teamId) ?? { userIds: new Set<string>(), callIds: new Set<string>() };
    if (userId) pending.userIds.add(userId);
    if (callId) pending.callIds.add(callId);
    this.#floorPending.set(teamId, pending);
    if ((this.#floorRunning.get(teamId) ?? 0) < FLOOR_READS_PER_TEAM) void this.#runFloor(teamId);
  }

  async #runFloor(teamId: string): Promise<void> {
    this.#floorRunning.set(teamId, (this.#floorRunning.get(teamId) ?? 0) + 1);
    try {
      for (let next = this.#floorPending.get(teamId); next; next = this.#floorPending.get(teamId)) {
        this.#floorPending.delete(teamId);
        const source = this.#floorSource;
        if (!source || this.#stopped) return;
        try {
          const patch = await source({ teamId, userIds: [...next.userIds], callIds: [...next.callIds] });
          for (const sub of this.#subscribers.get(teamId) ?? [])
            if (sub.floor) sub.send({ event: 'floor', data: patch });
        } catch (err) {
          this.#opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'realtime: floor push failed');
        }
      }
    } finally {
      const left = (this.#floorRunning.get(teamId) ?? 1) - 1;
      if (left > 0) this.#floorRunning.set(teamId, left);
      else this.#floorRunning.delete(teamId);
    }
  }
}
