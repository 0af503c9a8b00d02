import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callStatuses,
  outcomeOf,
  statusRank,
  type AnsweredBy,
  type CallStatus,
} from '../../src/core/telephony/call-status';
import {
  APPLY_STATUS_CHANGES,
  applyStatusChanges,
  statusChangesParam,
  type StatusChange,
} from '../../src/db/queries/call-status-batch';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The group-commit batcher applies a whole batch of status callbacks in one statement. Whatever arrives together —
 * several stages of one call, the same callback twice, a late `ringing` after `completed`, a call we do not know —
 * the calls must end exactly as if each callback had been applied alone, in arrival order.
 */
let app: TestApp;
let teamId: string;

beforeAll(async () => {
  app = await startTestApp();
  const { rows } = await app.deps.pool.query<{ id: string }>(
    `insert into teams (name) values ('Batch team') returning id`,
  );
  teamId = rows[0]!.id;
});
afterAll(async () => {
  await app?.stop();
});

type Event = {
  call: number;
  status: CallStatus;
  bySid: boolean;
  answeredBy: AnsweredBy | null;
  duration: number | null;
  at: number;
};

async function makeCalls(n: number): Promise<{ id: string; sid: string }[]> {
  const tag = Math.random().toString(16).slice(2, 10);
  const { rows } = await app.deps.pool.query<{ id: string; sid: string }>(
    `insert into calls (team_id, dialed_number, caller_id, provider, provider_sid, updated_at)
     select $1, '+14155552671', '+12025550123', 'simulator', 'CA' || $2 || g, '2026-11-29T11:00:00Z' from generate_series(1, $3) g
     returning id, provider_sid as sid`,
    [teamId, tag, n],
  );
  return rows;
}

function change(calls: { id: string; sid: string }[], e: Event): StatusChange {
  const call = calls[e.call]!;
  return {
    callId: e.bySid ? undefined : call.id,
    providerSid: call.sid,
    eventKey: `${call.sid}:${e.status}`,
    payload: { CallSid: call.sid, CallStatus: e.status },
    status: e.status,
    rank: statusRank(e.status),
    outcome: outcomeOf(e.status, e.answeredBy ?? undefined) ?? null,
    durationSec: e.duration,
    answeredBy: e.answeredBy,
    now: new Date(Date.UTC(2026, 10, 29, 12, 0, e.at)),
  };
}

async function snapshot(calls: { id: string }[]) {
  const { rows } = await app.deps.pool.query(
    `select status, status_rank, outcome, amd_result, duration_sec, ringing_at, answered_at, ended_at, updated_at,
            (select array_agg(event_key order by event_key) from call_events e where e.call_id = c.id) as events
     from calls c where id = any($1::uuid[]) order by array_position($1::uuid[], id)`,
    [calls.map((c) => c.id)],
  );
  return rows.map((r) => ({
    ...r,
    events: (r.events as string[] | null)?.map((k) => k.replace(/^CA[0-9a-f]+/, 'sid')) ?? null,
  }));
}

const event = (calls: number) =>
  fc.record({
    call: fc.integer({ min: 0, max: calls - 1 }),
    status: fc.constantFrom(...callStatuses.filter((s) => s !== 'queued')),
    bySid: fc.boolean(),
    answeredBy: fc.constantFrom<AnsweredBy | null>(null, 'human', 'machine'),
    duration: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
    at: fc.integer({ min: 0, max: 59 }),
  });

describe('applyStatusChanges (one statement per batch)', () => {
  it('ends every call exactly as applying the same callbacks one by one would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event(4), { minLength: 1, maxLength: 24 }), async (events) => {
        const batched = await makeCalls(4);
        const single = await makeCalls(4);
        await applyStatusChanges(
          app.deps.db,
          events.map((e) => change(batched, e)),
        );
        for (const e of events) await applyStatusChanges(app.deps.db, [change(single, e)]);
        expect(await snapshot(batched)).toEqual(await snapshot(single));
      }),
      { numRuns: 60, seed: 20261129 },
    );
  });

  it('reports per callback whether its call was found, its event stored and its call advanced, and publishes once per call', async () => {
    const [call] = await makeCalls(1);
    const unknown = { id: '00000000-0000-4000-8000-000000000000', sid: 'CAunknown' };
    const e = (status: CallStatus, at: number): Event => ({
      call: 0,
      status,
      bySid: false,
      answeredBy: null,
      duration: status === 'completed' ? 30 : null,
      at,
    });
    const listener = await import('pg').then(({ default: pg }) => new pg.Client({ connectionString: app.databaseUrl }));
    await listener.connect();
    const notices: string[] = [];
    listener.on('notification', (m) => notices.push(m.payload ?? ''));
    await listener.query('LISTEN call_changes');
    try {
      const results = await applyStatusChanges(app.deps.db, [
        change([call!], e('ringing', 1)),
        change([call!], e('completed', 3)),
        change([call!], e('ringing', 2)), // the same key again: stored once
        change([call!], e('in-progress', 2)), // arrives after completed: stored, changes nothing
        change([unknown], e('ringing', 1)),
      ]);
      expect(results).toEqual([
        { found: true, inserted: true, updated: true },
        { found: true, inserted: true, updated: true },
        { found: true, inserted: false, updated: false },
        { found: true, inserted: true, updated: false },
        { found: false, inserted: false, updated: false },
      ]);
      const [row] = await snapshot([call!]);
      expect(row).toMatchObject({
        status: 'completed',
        outcome: 'human',
        duration_sec: 30,
        events: ['sid:completed', 'sid:in-progress', 'sid:ringing'],
      });
      expect(row.ringing_at).toEqual(new Date(Date.UTC(2026, 10, 29, 12, 0, 1)));
      await listener.query('select 1'); // PostgreSQL delivers committed notifications before this answer
      expect(notices.map((n) => JSON.parse(n).c)).toEqual([call!.id]);
    } finally {
      await listener.end();
    }
  });

  it('finds the calls of a batch by primary key, never by reading the calls table', async () => {
    // The planner guesses 50 rows for a CTE; joined to it, a calls table a few thousand rows long was read whole,
    // twice per batch. Planned here with the batch's own values, as the server's first executions are.
    const calls = await makeCalls(3000);
    await app.deps.pool.query('analyze calls');
    const batch = calls
      .slice(0, 25)
      .map((_, i) =>
        change(calls, { call: i, status: 'ringing', bySid: false, answeredBy: null, duration: null, at: i }),
      );
    const { rows } = await app.deps.pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `explain (format json) ${APPLY_STATUS_CHANGES}`,
      [statusChangesParam(batch)],
    );
    const scans: string[] = [];
    const walk = (node: PlanNode) => {
      if (node['Relation Name'] === 'calls') scans.push(node['Node Type']);
      node.Plans?.forEach(walk);
    };
    walk(rows[0]!['QUERY PLAN'][0].Plan);
    expect(scans.length).toBeGreaterThanOrEqual(3); // find, lock, update
    expect(scans).not.toContain('Seq Scan');
  });
});

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };
