import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_CHANGES_CHANNEL } from '../../src/db/queries/call-changes';
import { FLOOR_READS_PER_TEAM, RealtimeHub, type RealtimeEvent } from '../../src/server/realtime';
import { silentLog, startTestApp, type TestApp } from '../support/test-app';

// The hub's floor reads per team: a change starts a read at once while fewer than FLOOR_READS_PER_TEAM are in flight,
// later changes are merged into the next read, and a read that answers first is pushed first.

type Read = { userIds: string[]; callIds: string[]; answer: (patch: unknown) => void };

let app: TestApp;
let hub: RealtimeHub;
const reads: Read[] = [];
let heard = 0;

beforeAll(async () => {
  app = await startTestApp();
  hub = new RealtimeHub({ connectionString: app.databaseUrl, db: app.deps.db, log: silentLog });
  hub.setFloorSource(
    ({ userIds, callIds }) => new Promise((answer) => reads.push({ userIds: [...userIds].sort(), callIds, answer })),
  );
  hub.onChange(() => heard++);
  await hub.start();
});

afterAll(async () => {
  await hub?.stop();
  await app?.stop();
});

describe('live floor reads per team', () => {
  it('runs two reads at once, merges the changes beyond them into one, and pushes each read as it answers', async () => {
    const teamId = randomUUID();
    const pushed: RealtimeEvent[] = [];
    hub.subscribe({
      teamId,
      userId: 'owner',
      seesAllCalls: true,
      floor: true,
      send: (e) => pushed.push(e),
      close() {},
    });
    expect(FLOOR_READS_PER_TEAM).toBe(2);

    // Five agents' seats change in one transaction: the notices arrive together, in order.
    const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
    await app.deps.pool.query(
      `select pg_notify($1, json_build_object('t', $2::uuid, 'c', null, 'a', u, 'k', 'seat')::text)
       from unnest($3::text[]) u`,
      [CALL_CHANGES_CHANNEL, teamId, users],
    );
    await vi.waitFor(() => expect(heard).toBe(users.length));
    // u1 and u2 each started a read; u3–u5 wait, merged, for the first read to end.
    expect(reads.map((r) => r.userIds)).toEqual([['u1'], ['u2']]);

    // The second read answers first: it is pushed at once, and its runner takes the merged changes.
    reads[1]!.answer({ n: 2 });
    await vi.waitFor(() => expect(reads).toHaveLength(3));
    expect(reads[2]!.userIds).toEqual(['u3', 'u4', 'u5']);
    expect(pushed.map((e) => e.data)).toEqual([{ n: 2 }]);

    reads[0]!.answer({ n: 1 });
    reads[2]!.answer({ n: 3 });
    await vi.waitFor(() => expect(pushed).toHaveLength(3));
    expect(pushed.map((e) => e.event)).toEqual(['floor', 'floor', 'floor']);
    expect(pushed.map((e) => e.data)).toEqual([{ n: 2 }, { n: 1 }, { n: 3 }]);

    // With the team's reads done, the next change starts a read of its own again.
    await app.deps.pool.query(
      `select pg_notify($1, json_build_object('t', $2::uuid, 'c', null, 'a', 'u6', 'k', 'seat')::text)`,
      [CALL_CHANGES_CHANNEL, teamId],
    );
    await vi.waitFor(() => expect(reads).toHaveLength(4));
    expect(reads[3]!.userIds).toEqual(['u6']);
    reads[3]!.answer({ n: 4 });
    await vi.waitFor(() => expect(pushed).toHaveLength(4));
  });
});
