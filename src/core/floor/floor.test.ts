import { describe, expect, it } from 'vitest';
import type { FloorAgent, FloorCampaign, FloorSnapshot } from '../api/floor.types';
import { applyFloorPatch, applyFloorSnapshot, floorDay, secondsSince, seatView, type SeatRecord } from './floor';

const NOW = new Date('2030-01-08T16:00:00Z');
const at = (sec: number) => new Date(NOW.getTime() + sec * 1000);

const seat = (over: Partial<SeatRecord> = {}): SeatRecord => ({
  state: 'ready',
  since: at(-120),
  lastHeartbeat: at(-5),
  call: null,
  ...over,
});
const call = (status: 'ringing' | 'in-progress' | 'completed', answered: Date | null, ended: Date | null) => ({
  id: 'c1',
  status,
  queuedAt: at(-60),
  answeredAt: answered,
  endedAt: ended,
});

describe('seatView', () => {
  it('shows a member who never took a seat as offline with no time in state', () => {
    expect(seatView(null, NOW)).toEqual({ state: 'offline', stateSince: null, call: null });
  });

  it('times Ready from the stored state change', () => {
    expect(seatView(seat(), NOW)).toEqual({ state: 'ready', stateSince: at(-120).toISOString(), call: null });
  });

  it('shows a ringing call as dialing since the dial, with the call placed', () => {
    const v = seatView(seat({ state: 'dialing', since: at(-60), call: call('ringing', null, null) }), NOW);
    expect(v).toEqual({
      state: 'dialing',
      stateSince: at(-60).toISOString(),
      call: { id: 'c1', placedAt: at(-60).toISOString(), answeredAt: null },
    });
  });

  it('times a connected call from its answer, and wrap-up from its end (which only the call knows)', () => {
    const connected = seatView(
      seat({ state: 'dialing', since: at(-60), call: call('in-progress', at(-50), null) }),
      NOW,
    );
    expect(connected.state).toBe('on_call');
    expect(connected.stateSince).toBe(at(-50).toISOString());
    expect(connected.call?.answeredAt).toBe(at(-50).toISOString());

    const wrap = seatView(seat({ state: 'dialing', since: at(-60), call: call('completed', at(-50), at(-10)) }), NOW);
    expect(wrap).toEqual({ state: 'wrap_up', stateSince: at(-10).toISOString(), call: null });
  });

  it('shows a seat whose heartbeat stopped as offline since that heartbeat', () => {
    const v = seatView(seat({ lastHeartbeat: at(-46) }), NOW);
    expect(v).toEqual({ state: 'offline', stateSince: at(-46).toISOString(), call: null });
  });
});

const agent = (userId: string, name: string, asOf: string, over: Partial<FloorAgent> = {}): FloorAgent => ({
  userId,
  name,
  state: 'ready',
  stateSince: null,
  campaignId: null,
  call: null,
  today: { calls: 0, connects: 0, talkSec: 0 },
  asOf,
  ...over,
});
const campaign = (id: string, name: string, asOf: string, linesInFlight: number): FloorCampaign => ({
  id,
  name,
  linesInFlight,
  abandonRate: null,
  liveAnswers30d: 0,
  targetBp: 250,
  callableNow: 0,
  asOf,
});

describe('applyFloorPatch', () => {
  const T1 = '2030-01-08T16:00:01.000Z';
  const T2 = '2030-01-08T16:00:02.000Z';
  const board: FloorSnapshot = {
    timeZone: 'UTC',
    today: '2030-01-08',
    agents: [agent('u1', 'Ann', T1), agent('u2', 'Bob', T1)],
    campaigns: [campaign('c1', 'Spring', T1, 0)],
    generatedAt: T1,
  };

  it('replaces the rows a push carries and keeps the others', () => {
    const next = applyFloorPatch(board, {
      agents: [agent('u2', 'Bob', T2, { state: 'on_call' })],
      campaigns: [campaign('c1', 'Spring', T2, 1)],
      generatedAt: T2,
    });
    expect(next.agents.map((a) => [a.userId, a.state])).toEqual([
      ['u1', 'ready'],
      ['u2', 'on_call'],
    ]);
    expect(next.campaigns[0]?.linesInFlight).toBe(1);
  });

  it('ignores a push read before the row it would replace (it raced a newer snapshot)', () => {
    const fresh = applyFloorPatch(board, {
      agents: [agent('u1', 'Ann', T2, { state: 'paused' })],
      campaigns: [],
      generatedAt: T2,
    });
    const stale = applyFloorPatch(fresh, {
      agents: [agent('u1', 'Ann', T1, { state: 'on_call' })],
      campaigns: [],
      generatedAt: T1,
    });
    expect(stale.agents[0]?.state).toBe('paused');
  });

  it('adds an agent who took a seat after the snapshot, in name order', () => {
    const next = applyFloorPatch(board, { agents: [agent('u0', 'Abe', T2)], campaigns: [], generatedAt: T2 });
    expect(next.agents.map((a) => a.name)).toEqual(['Abe', 'Ann', 'Bob']);
  });
});

describe('applyFloorSnapshot', () => {
  const T1 = '2030-01-08T16:00:01.000Z';
  const T2 = '2030-01-08T16:00:02.000Z';
  const snap: FloorSnapshot = {
    timeZone: 'UTC',
    today: '2030-01-08',
    agents: [agent('u1', 'Ann', T1, { state: 'ready' })],
    campaigns: [campaign('c1', 'Spring', T1, 0)],
    generatedAt: T1,
  };

  it('lets a resync replace what the board showed, also a row read at the same instant', () => {
    const shown = { agents: [agent('u1', 'Ann', T1, { state: 'wrap_up' })], campaigns: [], generatedAt: T1 };
    expect(applyFloorSnapshot([shown], snap).agents[0]?.state).toBe('ready');
  });

  it('keeps a push read after the snapshot (it overtook the snapshot on the way)', () => {
    const push = {
      agents: [agent('u1', 'Ann', T2, { state: 'on_call' })],
      campaigns: [campaign('c1', 'Spring', T2, 1)],
      generatedAt: T2,
    };
    const board = applyFloorSnapshot([push], snap);
    expect(board.agents[0]?.state).toBe('on_call');
    expect(board.campaigns[0]?.linesInFlight).toBe(1);
  });
});

describe('floorDay and secondsSince', () => {
  it('takes today in the team zone: 16:00 UTC on 8 Jan is the 8th in New York, from 05:00 UTC', () => {
    expect(floorDay(NOW, 'America/New_York')).toEqual({
      date: '2030-01-08',
      from: new Date('2030-01-08T05:00:00Z'),
      to: new Date('2030-01-09T05:00:00Z'),
    });
    expect(floorDay(new Date('2030-01-08T03:00:00Z'), 'America/New_York').date).toBe('2030-01-07');
  });

  it('counts whole seconds and never below zero (a clock slightly behind the server)', () => {
    expect(secondsSince(null, NOW.getTime())).toBeNull();
    expect(secondsSince(at(-90.5).toISOString(), NOW.getTime())).toBe(90);
    expect(secondsSince(at(3).toISOString(), NOW.getTime())).toBe(0);
  });
});
