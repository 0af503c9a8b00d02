import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPacerWorker, type PacerTimer } from '../../src/jobs/pacer-worker';
import { RealtimeHub } from '../../src/server/realtime';

import { insertUsers } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { silentLog, startTestApp, type TestApp } from '../support/test-app';

// The pacer's worker (decision 0028): it paces every tick and at once on a call or seat change it hears (the real
// NOTIFY through the realtime hub's LISTEN connection), a stopped worker stops and gives its leases up, and a second
// instance takes a campaign over once the first has stopped. The waits between ticks are timers the test fires
// itself, and the app's clock is the test's: each tick is seen by the time it writes on the campaign's pacer row.

const START = new Date('2030-01-08T16:00:00Z');
const TICK_MS = 2000;
let now = START;
const clock = { now: () => now };
let app: TestApp;
let team: TeamFixture;

beforeAll(async () => {
  // No pacer of the app's own: the test runs its worker instances.
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false' }, clock });
  team = await createTeamWithAgent(app, 'PacerWorker');
});
afterAll(async () => {
  await app?.stop();
});

const q = <R extends object = Record<string, unknown>>(text: string, values: unknown[] = []) =>
  app.deps.pool.query<R>(text, values);

/** A timer the test fires: the worker's wait between ticks, and the delay it asked for. */
function controlledTimer() {
  const pending = new Map<number, { fire: () => void; ms: number }>();
  let next = 0;
  const timer: PacerTimer = {
    set: (fire, ms) => {
      pending.set(++next, { fire, ms });
      return next;
    },
    clear: (handle) => pending.delete(handle as number),
  };
  return {
    timer,
    pending: () => [...pending.values()],
    fire() {
      const [entry] = [...pending.entries()];
      if (!entry) throw new Error('no timer is waiting');
      pending.delete(entry[0]);
      entry[1].fire();
    },
  };
}

/** A predictive campaign with one agent present (the loop paces only campaigns with someone there). */
async function pacedCampaign() {
  const campaignId = await createCampaign(team.owner, team.teamId, {
    dialMode: 'predictive',
    safeHarborSeller: 'Sunny Roofs',
    safeHarborCallbackNumber: '+14155550134',
  });
  const [userId] = await insertUsers(app.deps.pool, 1, 'worker');
  await q(
    `insert into agent_sessions (team_id, user_id, campaign_id, state, since, last_heartbeat, line_status)
     values ($1, $2, $3, 'ready', $4, $4, 'connected')`,
    [team.teamId, userId, campaignId, now],
  );
  return { campaignId, userId: userId! };
}

/** Moves the app's clock on; the agents stay present. */
async function advance(ms: number) {
  now = new Date(now.getTime() + ms);
  await q(`update agent_sessions set last_heartbeat = $1 where team_id = $2`, [now, team.teamId]);
}

async function pacerRow(campaignId: string) {
  const { rows } = await q<{ lease_holder: string | null; last_tick_at: Date | null }>(
    `select lease_holder, last_tick_at from campaign_pacers where campaign_id = $1`,
    [campaignId],
  );
  return rows[0] ?? null;
}

const tickedAt = async (campaignId: string) => (await pacerRow(campaignId))?.last_tick_at?.getTime() ?? null;

describe('the pacer worker', () => {
  it('paces at once, then every tick, waiting exactly the tick between', async () => {
    const { campaignId } = await pacedCampaign();
    const ctl = controlledTimer();
    const worker = startPacerWorker(app.deps, { tickMs: TICK_MS, timer: ctl.timer, holder: 'tick-test' });
    try {
      await vi.waitFor(() => expect(ctl.pending()).toHaveLength(1));
      expect(ctl.pending()[0]!.ms).toBe(TICK_MS);
      const first = await tickedAt(campaignId);
      expect(first).toBe(now.getTime());
      expect((await pacerRow(campaignId))!.lease_holder).toBe('tick-test');

      // Until the tick's timer fires, the worker waits; when it fires, it paces again and waits another tick.
      await advance(TICK_MS);
      expect(await tickedAt(campaignId)).toBe(first);
      ctl.fire();
      await vi.waitFor(async () => expect(await tickedAt(campaignId)).toBe(now.getTime()));
      await vi.waitFor(() => expect(ctl.pending()).toHaveLength(1));
      expect(ctl.pending()[0]!.ms).toBe(TICK_MS);
    } finally {
      await worker.stop();
    }
  });

  it('paces at once when it hears a seat or call change (NOTIFY), without waiting for the tick', async () => {
    const { campaignId, userId } = await pacedCampaign();
    const ctl = controlledTimer();
    const worker = startPacerWorker(app.deps, { tickMs: TICK_MS, timer: ctl.timer, holder: 'notify-test' });
    const hub = new RealtimeHub({ connectionString: app.databaseUrl, db: app.deps.db, log: silentLog });
    hub.onChange(() => worker.wake());
    await hub.start();
    try {
      await vi.waitFor(() => expect(ctl.pending()).toHaveLength(1));
      await advance(500);
      // A seat change: the agent goes Not ready (the agent_sessions trigger NOTIFYs call_changes).
      await q(`update agent_sessions set state = 'paused' where user_id = $1`, [userId]);
      await vi.waitFor(async () => expect(await tickedAt(campaignId)).toBe(now.getTime()));
      // A call change, as the status callbacks publish it.
      await advance(300);
      await q(
        `select pg_notify('call_changes', json_build_object('t', $1::text, 'c', gen_random_uuid(), 'a', null)::text)`,
        [team.teamId],
      );
      await vi.waitFor(async () => expect(await tickedAt(campaignId)).toBe(now.getTime()));
      // The wake-ups cancelled the waits they cut short: one tick timer is left, none fired.
      await vi.waitFor(() => expect(ctl.pending()).toHaveLength(1));
    } finally {
      await hub.stop();
      await worker.stop();
    }
  });

  it('stops: the loop ends, nothing waits any more, its lease is given up, and a wake does nothing', async () => {
    const { campaignId } = await pacedCampaign();
    const ctl = controlledTimer();
    const worker = startPacerWorker(app.deps, { tickMs: TICK_MS, timer: ctl.timer, holder: 'stop-test' });
    await vi.waitFor(() => expect(ctl.pending()).toHaveLength(1));
    const last = await tickedAt(campaignId);
    await worker.stop();
    expect(ctl.pending()).toHaveLength(0);
    expect((await pacerRow(campaignId))!.lease_holder).toBeNull();
    await advance(TICK_MS);
    worker.wake();
    expect(ctl.pending()).toHaveLength(0);
    expect(await tickedAt(campaignId)).toBe(last);
  });

  it('a second instance takes the campaign over once the first has stopped', async () => {
    const { campaignId } = await pacedCampaign();
    const a = controlledTimer();
    const b = controlledTimer();
    const first = startPacerWorker(app.deps, { tickMs: TICK_MS, timer: a.timer, holder: 'instance-a' });
    await vi.waitFor(() => expect(a.pending()).toHaveLength(1));
    const second = startPacerWorker(app.deps, { tickMs: TICK_MS, timer: b.timer, holder: 'instance-b' });
    try {
      await vi.waitFor(() => expect(b.pending()).toHaveLength(1));
      expect((await pacerRow(campaignId))!.lease_holder).toBe('instance-a');
      const aTick = await tickedAt(campaignId);

      // While the first holds the lease, the second's ticks leave the campaign alone.
      await advance(TICK_MS);
      b.fire();
      await vi.waitFor(() => expect(b.pending()).toHaveLength(1));
      expect(await pacerRow(campaignId)).toMatchObject({ lease_holder: 'instance-a' });
      expect(await tickedAt(campaignId)).toBe(aTick);

      // The first stops (giving its lease up): the second's next tick takes the campaign.
      await first.stop();
      await advance(TICK_MS);
      b.fire();
      // The tick is over once it waits again: the lease is taken first and the tick's time stored at its end.
      await vi.waitFor(() => expect(b.pending()).toHaveLength(1));
      expect((await pacerRow(campaignId))!.lease_holder).toBe('instance-b');
      expect(await tickedAt(campaignId)).toBe(now.getTime());
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
