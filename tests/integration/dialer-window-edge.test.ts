import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import type { PlaceCallInput, Telephony } from '../../src/ports/telephony';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { ok } from '../support/http-client';

// The end of the calling window under a controlled clock: a New York lead's window closes at 21:00:00 EST
// (2030-01-09T02:00:00Z). Time passes while a dial is prepared (each clock read costs `tickMs`) and the provider
// request itself is late by up to a second; no call may ring the callee at or after 21:00:00.

const CLOSE = Date.parse('2030-01-09T02:00:00Z');
let app: TestApp;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;
/** The app's time = the simulator's + offset; the test sets it, a clock read may cost `tickMs`. */
let offset = 0;
let tickMs = 0;
let placementDelayMs = 0;
const requests: { at: number; ringTimeoutSec: number; to: string }[] = [];
const clock = {
  now: () => {
    const t = new Date((scheduler ? scheduler.now().getTime() : CLOSE) + offset);
    offset += tickMs;
    return t;
  },
};
const setTime = (ms: number) => {
  offset = ms - scheduler.now().getTime();
};

/** The simulator, with the provider request arriving `placementDelayMs` after the app sent it. */
function lateProvider(inner: SimulatorTelephony): Telephony {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'placeCall') {
        return async (input: PlaceCallInput) => {
          offset += placementDelayMs;
          requests.push({ at: clock.now().getTime(), ringTimeoutSec: input.ringTimeoutSec, to: input.to });
          return target.placeCall(input);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

beforeAll(async () => {
  app = await startTestApp({
    clock,
    env: { JOBS_IN_PROCESS: 'false' },
    telephony: () => {
      scheduler = new ManualScheduler(new Date(CLOSE - 3_600_000));
      simulator = new SimulatorTelephony({
        signingKey: 'edge-test-signing-key',
        scheduler,
        seed: 3,
        numbers: [{ e164: '+12025550123', friendlyName: 'DC line' }],
      });
      return lateProvider(simulator);
    },
  });
  team = await createTeamWithAgent(app, 'Edge');
});
afterAll(async () => {
  await simulator?.close();
  await app?.stop();
});

const api = (path: string) => `/api/teams/${team.teamId}/dialer${path}`;

/** Puts the next lead on the agent's screen at 20:58:00, then asks to dial it at `dialAt`. */
async function dialAt(dialAt: number, opts: { tick?: number; delay?: number } = {}) {
  tickMs = 0;
  setTime(CLOSE - 120_000);
  const next = await ok(team.agent.post(api('/next')));
  expect(next.lead).not.toBeNull();
  setTime(dialAt);
  tickMs = opts.tick ?? 0;
  placementDelayMs = opts.delay ?? 0;
  try {
    return { leadId: next.lead.id as string, dialed: await ok(team.agent.post(api('/dial'))) };
  } finally {
    tickMs = 0;
    placementDelayMs = 0;
  }
}

describe('the end of the calling window', () => {
  it('never lets a call ring at or after 21:00:00 callee-local, and stores its decisions to the second', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, {
      agentMemberIds: [team.agentMemberId],
      dialMode: 'preview',
    });
    await insertLeads(
      app.deps.pool,
      team.teamId,
      campaignId,
      Array.from({ length: 14 }, () => ({ state: 'NY', timezones: ['America/New_York'] })),
    );
    setTime(CLOSE - 120_000);
    await ok(team.agent.post(api('/ready'), { campaignId }));

    // Dial requests across 20:59:59.000–.999, the provider request late by up to 1 s: nothing reaches it.
    for (let i = 0; i < 10; i++) {
      const at = CLOSE - 1000 + i * 111;
      const { leadId, dialed } = await dialAt(at, { delay: (i * 97) % 1001 });
      expect(dialed).toMatchObject({ ok: false, reason: 'denied', state: 'ready', lead: null });
      expect(dialed.decision.reasons).toEqual(['outside_federal_window']);
      const local = `2030-01-08 20:59:59 Tue`;
      expect(dialed.decision.zones[0]).toMatchObject({ zone: 'America/New_York', localTime: local, open: false });
      // The lead waits for tomorrow's window; no call was written for it.
      const lead = await app.deps.pool.query(`select next_attempt_at, reserved_by from leads where id = $1`, [leadId]);
      expect(lead.rows[0]).toEqual({ next_attempt_at: new Date('2030-01-09T13:00:00Z'), reserved_by: null });
    }
    expect(requests).toEqual([]);

    // A dial whose ringing ends before 21:00 goes through, its decision stored with seconds and milliseconds.
    const placed = await dialAt(CLOSE - 31_000, { delay: 1000 });
    expect(placed.dialed.ok).toBe(true);
    const callId = placed.dialed.call.id as string;
    const row = await app.deps.pool.query(`select compliance_decision from calls where id = $1`, [callId]);
    const stored = row.rows[0].compliance_decision;
    expect(stored).toMatchObject({ verdict: 'allowed', checkedAt: '2030-01-09T01:59:29.000Z', marginSec: 30 });
    expect(stored.zones[0].localTime).toBe('2030-01-08 20:59:29 Tue');
    expect(stored.placedCheck).toMatchObject({ verdict: 'allowed' });
    await ok(team.agent.post(`/api/teams/${team.teamId}/calls/${callId}/hang-up`));
    await simulator.idle();
    await ok(team.agent.post(api('/disposition'), { callId, disposition: 'no_answer' }));

    // Allowed when asked, but time ran on while the call was prepared: the last check before the provider
    // request withholds it, and the lead goes back to wait.
    // (The request's middleware reads the clock twice before the use-case: the decision is at 20:59:29.600, the
    // last check at 20:59:30.600, when the 30 s margin no longer fits.)
    const late = await dialAt(CLOSE - 31_400, { tick: 500 });
    expect(late.dialed).toMatchObject({ ok: false, reason: 'denied', state: 'ready', lead: null });
    const withheld = await app.deps.pool.query(
      `select status, outcome, compliance_decision from calls where lead_id = $1`,
      [late.leadId],
    );
    expect(withheld.rows).toHaveLength(1);
    expect(withheld.rows[0]).toMatchObject({ status: 'canceled', outcome: 'canceled' });
    expect(withheld.rows[0].compliance_decision).toMatchObject({
      verdict: 'allowed',
      placedCheck: { verdict: 'denied', reasons: ['outside_federal_window'] },
    });

    // Every request that did reach the provider finished ringing before 21:00:00.
    expect(requests).toHaveLength(1);
    for (const r of requests) expect(r.at + r.ringTimeoutSec * 1000).toBeLessThan(CLOSE);
  });
});
