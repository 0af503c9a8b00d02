// A dialing day: AGENTS agents work HOURS of an accelerated day through the real app — the product's
// use-cases for every agent action, the carrier simulator on a manual clock calling the app's webhooks over HTTP, and
// the realtime hub telling each agent when their call changed — a predictive share of them (30 %, at least the 10 the
// pacer needs to dial ahead) on a predictive campaign paced by the product's pacer (one tick every
// simulated 2 s, and at once after a call change, as the pacer worker does), the rest half on a power campaign, half
// on a progressive one with answering-machine detection. Predictive agents only go Ready and take the calls the
// pacer's answered lines bring to their screen; lines nobody took are dispositioned by the system. Leads are spread
// over every US time zone, a share in states with their own hours or a 3-per-24-hours cap. Agents disposition like people do (most humans final, some callbacks an
// hour or two out in the lead's own time, machines as voicemail, no-answers retried).
// Printed: calls, connects, talk minutes per agent-hour; and the counts that must be 0 — double dials (two calls to
// one lead overlapping), calls outside a callee's window (re-checked afterwards, rule by rule, for every call), and
// lost callbacks (a callback that fell due during the day and was not dialled by its agent).
// Two faults strike in the day: the app is killed (its carrier, the in-process simulator, loses every live call) and
// restarted 10 s later on the same database, and later the database refuses every connection for 20 s (webhooks are
// answered 500 and not resent, as with SignalWire). Printed too: the worst time an agent stayed blocked — on a call
// that had ended at the carrier but not yet in the product — after either fault (target ≤ 30 s). Agents behave like
// the workspace: a heartbeat every 15 s, Hang up pressed when the line has gone dead for 5 s, a resync after errors.
// Published productivity for comparison (docs/design.md): about 40 talk-minutes per agent-hour dialing one
// line at a time; 45–50 for a tuned VICIdial.
//
// Run: npm run bench:day   (or: npx tsx bench/day.bench.ts [agents] [hours] [leads])

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualScheduler } from '../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../src/adapters/simulator/simulator-telephony';
import pg from 'pg';
import { agentHeartbeat } from '../src/app/dialer/agent-heartbeat';
import { dialLead } from '../src/app/dialer/dial-lead';
import { getDialerState } from '../src/app/dialer/get-dialer-state';
import { hangUpCall } from '../src/app/dialer/hang-up-call';
import { RECOVER_OPEN_CALLS_JOB } from '../src/app/telephony/settle-call';
import { jobs } from '../src/jobs/registry';
import { drainQueue } from '../src/jobs/runner';
import { serveNextLead } from '../src/app/dialer/serve-next-lead';
import { goReady } from '../src/app/dialer/go-ready';
import { paceCampaign } from '../src/app/dialer/pace-campaign';
import { recordDisposition } from '../src/app/dialer/record-disposition';
import { parseConfig } from '../src/config';
import {
  checkDial,
  formatLocal,
  localParts,
  normaliseStateCodeStrict,
  stateRule,
  US_ZONES,
} from '../src/core/compliance';
import type { TeamScope } from '../src/core/teams/scope';
import { MIN_PREDICTIVE_AGENTS } from '../src/core/dialer/pacer';
import { isFinal, type CallStatus } from '../src/core/telephony/call-status';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded';
import { startDialerSeat } from '../src/main';
import type { Logger } from '../src/ports/logger';
import { seededRandom } from '../src/adapters/simulator/random';

const AGENTS = Number(process.argv[2] ?? 100);
const HOURS = Number(process.argv[3] ?? 8);
const LEADS = Number(process.argv[4] ?? AGENTS * HOURS * 40);
/**
 * Agents on the predictive campaign: 30 %, never fewer than the pacer needs to dial ahead (below that it falls back
 * to progressive by itself), and none in a day too small to spare them.
 */
const PREDICTIVE_AGENTS =
  AGENTS >= MIN_PREDICTIVE_AGENTS * 1.5 ? Math.max(MIN_PREDICTIVE_AGENTS, Math.round(AGENTS * 0.3)) : 0;
/** The pacer worker's tick (PACER_TICK_MS). */
const PACER_TICK_SEC = 2;
// Tuesday 2030-01-08, 13:00 UTC = 08:00 in New York; the day runs west as it goes on.
const START = new Date('2030-01-08T13:00:00Z');
const END = new Date(START.getTime() + HOURS * 3600_000);
const WRAP_UP_SEC = 8;
const HEARTBEAT_SEC = 15;
/** The agent presses Hang up once the line has been dead this long (the carrier ended the call, the screen did not). */
const DEAD_LINE_SEC = 5;
// The faults: a crash and restart from 20 % of the day (down 10 s), a 20 s database outage from 35 % (early enough
// that the short run still has leads to call).
const RESTART_AT = START.getTime() + Math.round(HOURS * 0.2 * 3600) * 1000;
const RESTART_DOWN_MS = 10_000;
const OUTAGE_AT = START.getTime() + Math.round(HOURS * 0.35 * 3600) * 1000;
const OUTAGE_MS = 20_000;

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} };

// The simulator's seeded generator (mulberry32): the same day every run.
const random = seededRandom(20300108);

type Agent = {
  scope: TeamScope;
  mode: 'power' | 'progressive' | 'predictive';
  campaignId: string;
  callId: string | null;
  callStatus: CallStatus | null;
  endedAt: number | null;
  busy: boolean;
  idleUntil: number;
  lastBeat: number;
  /** Since when the carrier has said the call is over while the product still shows it live. */
  deadSince: number | null;
  lastHangUp: number;
  /** An action failed (the database was out): read the screen's state afresh before the next one. */
  resync: boolean;
};

type Fault = { kind: 'restart' | 'db_outage'; at: number; restoredAt: number | null; worstBlockedMs: number };

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-bench-day-'));
  chmodSync(dir, 0o755);
  const pgServer = await startEmbeddedPostgres({ dataDir: dir, database: 'day' });
  const scheduler = new ManualScheduler(START);
  /** Our call id → the carrier's sid, as the carrier was asked to place it (the bench's view of "the line"). */
  const sidOf = new Map<string, string>();
  /** Webhooks the app did not accept (answered 5xx or unreachable): the carrier does not send them again. */
  let webhooksLost = 0;
  const newSimulator = (seed: number) => {
    const sim = new SimulatorTelephony({
      signingKey: 'bench-day-signing-key',
      scheduler,
      seed,
      // Six lines per agent at the default cap of 100 calls a line a day: an agent makes ~60 calls an hour here, so the
      // day needs ~480; with four lines the cap (working as designed) stopped the 8-hour day at 40,000 calls in hour 8.
      numbers: Array.from({ length: AGENTS * 6 }, (_, i) => ({
        e164: `+1202555${String(2000 + i)}`,
        friendlyName: `Line ${i + 1}`,
      })),
      onCallbackError: () => void webhooksLost++,
    });
    const place = sim.placeCall.bind(sim);
    sim.placeCall = async (input) => {
      const r = await place(input);
      sidOf.set(input.callId, r.providerSid);
      return r;
    };
    return sim;
  };
  let simulator = newSimulator(8);
  const port = await freePort();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: pgServer.url,
    DATABASE_POOL_SIZE: '40',
    DATA_DIR: dir,
    AUTH_SECRET: 'bench-day-secret-bench-day-secret-0123456789',
    JOBS_IN_PROCESS: 'false',
    LOG_LEVEL: 'silent',
  });
  const boot = () =>
    startDialerSeat(config, { clock: { now: () => scheduler.now() }, log: silent, telephony: simulator });
  let app = await boot();
  let appUp = true;
  const q = (text: string, values: unknown[] = []) => app.deps.pool.query(text, values);
  try {
    // A team, two campaigns, the agents (rows straight in: the bench is about dialing, not signing up).
    const team = (await q(`insert into teams (name) values ('Day') returning id`)).rows[0].id as string;
    const campaign = async (name: string, mode: string, amd: boolean) =>
      (
        await q(
          `insert into campaigns (team_id, name, dial_mode, calling_window, retry_rules, dispositions, recording_enabled, amd,
             max_lines_per_agent, safe_harbor_seller, safe_harbor_callback_number)
           values ($1, $2, $3, '{"rule":"legal"}', '{"maxAttempts":4,"minGapMinutes":{"busy":20,"no_answer":60,"voicemail":120}}',
             '[{"key":"interested","label":"Interested","final":true,"retry":false},
               {"key":"not_interested","label":"Not interested","final":true,"retry":false},
               {"key":"callback","label":"Callback","final":false,"retry":false},
               {"key":"voicemail","label":"Voicemail","final":false,"retry":true},
               {"key":"no_answer","label":"No answer","final":false,"retry":true}]', false, $4, 3, 'Day Bench Inc',
               '+12025550199') returning id`,
          [team, name, mode, amd],
        )
      ).rows[0].id as string;
    const power = await campaign('Power', 'power', false);
    const progressive = await campaign('Progressive', 'progressive', true);
    const predictive = await campaign('Predictive', 'predictive', false);
    const campaignOf = { power, progressive, predictive } as const;
    const modeOf = (i: number): Agent['mode'] =>
      i < PREDICTIVE_AGENTS ? 'predictive' : (i - PREDICTIVE_AGENTS) % 2 === 0 ? 'power' : 'progressive';
    const agents: Agent[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const id = `day-agent-${i}`;
      await q(`insert into users (id, name, email) values ($1, $2, $3)`, [id, `Agent ${i}`, `${id}@bench.invalid`]);
      const member = (
        await q(`insert into members (team_id, user_id, role) values ($1, $2, 'agent') returning id`, [team, id])
      ).rows[0].id as string;
      const mode = modeOf(i);
      await q(`insert into campaign_agents (campaign_id, member_id, team_id) values ($1, $2, $3)`, [
        campaignOf[mode],
        member,
        team,
      ]);
      agents.push({
        scope: { teamId: team, userId: id, role: 'agent' },
        mode,
        campaignId: campaignOf[mode],
        callId: null,
        callStatus: null,
        endedAt: null,
        busy: false,
        idleUntil: 0,
        lastBeat: 0,
        deadSince: null,
        lastHangUp: 0,
        resync: false,
      });
    }
    // Leads: every US zone, weighted roughly by population; some in states with stricter hours or a cap.
    const weights: Record<string, number> = {
      'America/New_York': 40,
      'America/Chicago': 25,
      'America/Denver': 5,
      'America/Phoenix': 2,
      'America/Los_Angeles': 13,
    };
    const zones = US_ZONES.filter((z) => !z.startsWith('Pacific/G') && !z.startsWith('Pacific/S'));
    const zoneWeight = (z: string) => weights[z] ?? 0.4;
    const total = zones.reduce((a, z) => a + zoneWeight(z), 0);
    const states: Record<string, string[]> = {
      'America/New_York': ['NY', 'FL', 'PA', 'MD', 'GA'],
      'America/Chicago': ['IL', 'TX', 'OK', 'AL', 'LA'],
      'America/Denver': ['CO', 'NM', 'UT'],
      'America/Los_Angeles': ['CA', 'WA', 'NV'],
      'America/Phoenix': ['AZ'],
    };
    const rows: unknown[][] = [];
    for (let i = 0; i < LEADS; i++) {
      let r = random() * total;
      const zone = zones.find((z) => (r -= zoneWeight(z)) <= 0) ?? zones[0]!;
      const options = states[zone];
      const state = options && random() < 0.7 ? options[Math.floor(random() * options.length)]! : null;
      rows.push([
        team,
        // Each campaign gets leads in proportion to its agents.
        campaignOf[modeOf(i % AGENTS)],
        `+1${300 + (i % 600)}${String(2000000 + Math.floor(i / 600)).padStart(7, '0')}`,
        zone,
        state,
        i,
      ]);
    }
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      await q(
        `insert into leads (team_id, campaign_id, phone, timezones, state, first_name, created_at)
         select t.team_id, t.campaign_id, t.phone, array[t.zone], t.state, 'Lead', $2::timestamptz - make_interval(secs => t.n)
         from json_to_recordset($1::json) as t(team_id uuid, campaign_id uuid, phone text, zone text, state text, n int)`,
        [
          JSON.stringify(
            chunk.map(([team_id, campaign_id, phone, zone, state, n]) => ({
              team_id,
              campaign_id,
              phone,
              zone,
              state,
              n,
            })),
          ),
          START,
        ],
      );
    }
    await q('vacuum analyze leads');
    console.log(
      `${AGENTS} agents (${PREDICTIVE_AGENTS} predictive), ${LEADS.toLocaleString('en-US')} leads over ${zones.length} zones; the day starts ${START.toISOString()} (08:00 New York)`,
    );

    // The agents hear about their calls the way their screens do: the realtime hub (LISTEN/NOTIFY).
    const byCall = new Map<string, Agent>();
    const byUser = new Map(agents.map((a) => [a.scope.userId, a]));
    /** A call change was heard since the pacer's last tick: the worker would tick at once. */
    let callChanged = false;
    /** Pacer lines placed, predictive agents handed a call by the answer (push or screen reload), pacer failures. */
    let pacerLinesPlaced = 0;
    let pacedAhead = 0;
    let pacerTicks = 0;
    let callsHanded = 0;
    let pacerErrors = 0;
    const fallbackTicks = new Map<string, number>();
    /** Calls already worked and dispositioned: a late change to one is not a new call on the screen. */
    const worked = new Set<string>();
    const adopt = (a: Agent, call: { id: string; status: CallStatus }) => {
      a.callId = call.id;
      a.callStatus = call.status;
      a.endedAt = null;
      a.deadSince = null;
      byCall.set(call.id, a);
      callsHanded++;
      if (isFinal(call.status)) markEnded(a, scheduler.now().getTime());
    };
    const markEnded = (agent: Agent, at: number) => {
      if (agent.endedAt !== null) return;
      agent.endedAt = at;
      if (agent.deadSince !== null) {
        // The agent was blocked from when the line went dead (or service came back, if later) until now.
        for (const f of faults) {
          if (f.restoredAt === null || agent.deadSince < f.at) continue;
          if (agent.deadSince > f.restoredAt + 5 * 60_000) continue;
          f.worstBlockedMs = Math.max(f.worstBlockedMs, at - Math.max(agent.deadSince, f.restoredAt));
        }
        worstBlockedMs = Math.max(worstBlockedMs, at - agent.deadSince);
        agent.deadSince = null;
      }
    };
    const subscribe = () =>
      app.deps.realtime.subscribe({
        teamId: team,
        userId: 'bench',
        seesAllCalls: true,
        send: (e) => {
          // A resync (the hub reconnected after an outage): the screens read their state again.
          if (e.event === 'resync') for (const a of agents) a.resync = true;
          if (e.event !== 'call') return;
          callChanged = true;
          const view = e.data as { id: string; status: CallStatus; agentId: string | null };
          // A pacer line answered and given to a Ready predictive agent: it arrives on their screen undialled.
          const taker = view.agentId !== null ? byUser.get(view.agentId) : undefined;
          if (!byCall.has(view.id) && !worked.has(view.id) && taker?.mode === 'predictive' && taker.callId === null)
            adopt(taker, view);
          const agent = byCall.get(view.id);
          if (!agent || agent.callId !== view.id) return;
          agent.callStatus = view.status;
          if (isFinal(view.status)) markEnded(agent, scheduler.now().getTime());
        },
        close: () => {},
      });
    const faults: Fault[] = [];
    let worstBlockedMs = 0;
    let unsubscribe = subscribe();
    let deps = app.deps;
    await Promise.all(agents.map((a) => goReady(deps, a.scope, { campaignId: a.campaignId, instance: 'bench' })));

    const localCallback = (zone: string, at: Date) => {
      const p = localParts(at, zone);
      return `${formatLocal(p).slice(0, 10)}T${formatLocal(p).slice(11, 16)}`;
    };

    async function act(a: Agent, now: number) {
      if (now - a.lastBeat >= HEARTBEAT_SEC * 1000) {
        a.lastBeat = now;
        await agentHeartbeat(deps, a.scope, { instance: 'bench' });
      }
      if (a.resync) {
        // What a screen does after an error or a resync: read its state, adopt the call it shows.
        const state = await getDialerState(deps, a.scope);
        a.resync = false;
        if (state.call && (state.state === 'dialing' || state.state === 'on_call' || state.state === 'wrap_up')) {
          if (a.callId !== state.call.id) {
            a.callId = state.call.id;
            a.endedAt = null;
            a.deadSince = null;
            byCall.set(state.call.id, a);
          }
          a.callStatus = state.call.status;
          if (isFinal(state.call.status)) markEnded(a, now);
        }
      }
      if (a.callId !== null && a.endedAt === null) {
        // The line: is the call still alive at the carrier?
        const sid = sidOf.get(a.callId);
        let dead = false;
        if (sid !== undefined) {
          try {
            dead = isFinal((await simulator.getCall({ providerSid: sid })).status);
          } catch {
            dead = true; // the carrier does not know it (it lost it in the crash)
          }
        }
        if (dead) {
          a.deadSince ??= now;
          if (now - a.deadSince >= DEAD_LINE_SEC * 1000 && now - a.lastHangUp >= DEAD_LINE_SEC * 1000) {
            a.lastHangUp = now;
            const r = await hangUpCall(deps, a.scope, a.callId);
            if (r.status !== 'hanging_up') markEnded(a, now);
          }
        }
      }
      if (a.callId === null && a.mode === 'predictive') {
        // Ready, waiting for the pacer: a call comes to the screen by push; a reload every few seconds catches one
        // whose push came before the answer gave it to this agent.
        if (now < a.idleUntil) return;
        a.idleUntil = now + 5_000;
        const state = await getDialerState(deps, a.scope);
        if (state.call && state.state !== 'ready' && !byCall.has(state.call.id) && !worked.has(state.call.id))
          adopt(a, state.call);
        return;
      }
      if (a.callId === null) {
        if (now < a.idleUntil) return;
        const next = await serveNextLead(deps, a.scope);
        if (!next.lead) {
          a.idleUntil = now + 60_000; // nothing callable: look again in a minute
          return;
        }
        const d = await dialLead(deps, a.scope);
        if (!d.ok || !d.call) {
          a.idleUntil = now + 5_000;
          return;
        }
        a.callId = d.call.id;
        a.callStatus = d.call.status;
        a.endedAt = isFinal(d.call.status) ? now : null;
        byCall.set(d.call.id, a);
        return;
      }
      // On a call: wait for it to end (the callee hangs up, it rings out, a machine's greeting ends, or AMD hangs up).
      if (a.endedAt === null || now < a.endedAt + WRAP_UP_SEC * 1000) return;
      const row = (
        await q(
          `select c.outcome, c.disposition, l.timezones from calls c join leads l on l.id = c.lead_id where c.id = $1`,
          [a.callId],
        )
      ).rows[0] as { outcome: string | null; disposition: string | null; timezones: string[] };
      if (row.disposition === null) {
        let disposition = 'no_answer';
        let callback: { local: string; zone: string } | null = null;
        if (row.outcome === 'machine') disposition = 'voicemail';
        if (row.outcome === 'human') {
          const r = random();
          disposition = r < 0.15 ? 'interested' : r < 0.75 ? 'not_interested' : r < 0.9 ? 'callback' : 'no_answer';
          if (disposition === 'callback')
            callback = {
              local: localCallback(row.timezones[0]!, new Date(now + (60 + Math.floor(random() * 60)) * 60_000)),
              zone: row.timezones[0]!,
            };
        }
        try {
          await recordDisposition(deps, a.scope, { callId: a.callId, disposition, callback, notes: '' });
        } catch {
          // The lead's window closes before the callback time: retry it instead.
          await recordDisposition(deps, a.scope, { callId: a.callId, disposition: 'no_answer', notes: '' });
        }
      }
      byCall.delete(a.callId);
      worked.add(a.callId);
      a.callId = null;
      a.endedAt = null;
      a.callStatus = null;
    }

    // The faults. A crash: the carrier (in this process) loses its calls, nothing is shut down in order; the new
    // instance sends its start-up recovery job, worked at once as an in-process worker would within seconds.
    const admin = new pg.Client({ connectionString: pgServer.url.replace(/\/day$/, '/postgres') });
    await admin.connect();
    async function crash(now: number) {
      faults.push({ kind: 'restart', at: now, restoredAt: null, worstBlockedMs: 0 });
      unsubscribe();
      appUp = false;
      await simulator.close();
      await app.stop();
    }
    async function restart(now: number) {
      simulator = newSimulator(9);
      app = await boot();
      deps = app.deps;
      unsubscribe = subscribe();
      appUp = true;
      const recover = jobs.find((j) => j.id === RECOVER_OPEN_CALLS_JOB)!;
      await drainQueue(app.jobs!.boss, app.deps, recover);
      faults.at(-1)!.restoredAt = now;
      for (const a of agents) a.resync = true;
    }
    async function databaseDown(now: number) {
      faults.push({ kind: 'db_outage', at: now, restoredAt: null, worstBlockedMs: 0 });
      await admin.query(`alter database day allow_connections false`);
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = 'day' and pid <> pg_backend_pid()`,
      );
    }
    async function databaseUp(now: number) {
      await admin.query(`alter database day allow_connections true`);
      faults.at(-1)!.restoredAt = now;
    }
    let actionErrors = 0;

    // The day, a simulated second at a time.
    const wallStart = performance.now();
    let lastReport = START.getTime();
    for (let t = START.getTime(); t < END.getTime(); t += 1000) {
      scheduler.advanceBy(1000);
      await simulator.idle();
      const now = scheduler.now().getTime();
      // Each fault strikes at its time once at least half the agents are on live calls (within 10 minutes).
      const onCalls = agents.filter((a) => a.callId !== null && a.endedAt === null).length * 2 >= AGENTS;
      if (faults.length === 0 && now >= RESTART_AT && (onCalls || now >= RESTART_AT + 600_000)) await crash(now);
      if (!appUp && now >= faults[0]!.at + RESTART_DOWN_MS) await restart(now);
      // The outage waits for a call still ringing too, so that callbacks fall inside it.
      const ringing = agents.some((a) => a.callId !== null && a.endedAt === null && a.callStatus !== 'in-progress');
      if (faults.length === 1 && appUp && now >= OUTAGE_AT && ((onCalls && ringing) || now >= OUTAGE_AT + 600_000))
        await databaseDown(now);
      if (faults.length === 2 && faults[1]!.restoredAt === null && now >= faults[1]!.at + OUTAGE_MS)
        await databaseUp(now);
      if (!appUp) continue;
      if (PREDICTIVE_AGENTS > 0 && (callChanged || (now - START.getTime()) % (PACER_TICK_SEC * 1000) === 0)) {
        callChanged = false;
        try {
          const r = await paceCampaign(deps, { teamId: team, campaignId: predictive, holder: 'bench' });
          if (r.kind === 'paced') {
            pacerTicks++;
            pacerLinesPlaced += r.placed;
            if (r.mode === 'predictive' && r.placed > 0) pacedAhead++;
            if (r.reason !== null) fallbackTicks.set(r.reason, (fallbackTicks.get(r.reason) ?? 0) + 1);
          }
        } catch {
          pacerErrors++; // the database was out: the worker logs it and ticks again
        }
      }
      await Promise.all(
        agents
          .filter((a) => !a.busy)
          .map(async (a) => {
            a.busy = true;
            try {
              await act(a, now);
            } catch {
              // The database was out: the screen shows an error and reads its state again on the next tick.
              actionErrors++;
              a.resync = true;
            } finally {
              a.busy = false;
            }
          }),
      );
      if (now - lastReport >= 3600_000) {
        lastReport = now;
        const n = (await q(`select count(*)::int as n from calls`)).rows[0].n as number;
        console.log(
          `  ${new Date(now).toISOString().slice(11, 16)} UTC: ${n.toLocaleString('en-US')} calls (${((performance.now() - wallStart) / 1000).toFixed(0)} s wall)`,
        );
      }
    }
    await admin.end();
    unsubscribe();

    // The day's record, checked afterwards.
    const calls = (
      await q(`select count(*)::int as n, count(*) filter (where outcome = 'human')::int as connects,
                                   coalesce(sum(duration_sec) filter (where outcome = 'human' and answered_at is not null), 0)::int as talk
                            from calls`)
    ).rows[0] as { n: number; connects: number; talk: number };
    const doubleDials = (
      await q(`select count(*)::int as n from calls a join calls b on a.lead_id = b.lead_id and a.id < b.id
                                  and b.queued_at < coalesce(a.ended_at, 'infinity') and a.queued_at < coalesce(b.ended_at, 'infinity')`)
    ).rows[0].n as number;
    const all = (
      await q(
        `select c.id, c.lead_id, c.queued_at, l.timezones, l.state from calls c join leads l on l.id = c.lead_id order by c.queued_at`,
      )
    ).rows as {
      id: string;
      lead_id: string;
      queued_at: Date;
      timezones: string[];
      state: string | null;
    }[];
    let outsideWindow = 0;
    const history = new Map<string, Date[]>();
    for (const c of all) {
      const before = history.get(c.lead_id) ?? [];
      const state = c.state ? normaliseStateCodeStrict(c.state) : null;
      const capped = state !== null && (stateRule(state)?.maxCallsPer24h ?? null) !== null;
      const verdict = checkDial(
        { zones: c.timezones, state: c.state, dnc: false, recentCallTimes: capped ? before : [] },
        c.queued_at,
      );
      if (!verdict.allowed) outsideWindow++;
      history.set(c.lead_id, [...before, c.queued_at]);
    }
    // Callbacks that fell due during the day and were not dialled by the agent who set them, sorted out:
    // - deferred: the calling rules moved it (the gate found the lead's window shut or its 24-hour cap reached at the
    //   due time, and the lead still carries the callback, for that agent, at its next allowed time) — kept, not lost;
    // - pending: the agent started no other call after it fell due (still on earlier work when the day ended);
    // - lost: the agent went on to other leads while it was due, or the appointment vanished. Must be 0.
    const missed = (
      await q(
        `
        select cb.id, cb.lead_id, cb.agent_id, cb.callback_at, l.status, l.callback_at as lead_callback_at,
               l.callback_user_id, l.state, l.timezones, l.attempts,
               (select min(o.queued_at) from calls o where o.agent_id = cb.agent_id and o.queued_at > cb.callback_at + interval '1 minute') as agent_next_call,
               (select json_build_object('queued_at', o.queued_at, 'ended_at', o.ended_at, 'status', o.status) from calls o
                where o.agent_id = cb.agent_id order by o.queued_at desc limit 1) as agent_last_call
        from calls cb join leads l on l.id = cb.lead_id
        where cb.callback_at is not null and cb.callback_at < $1
          and not exists (select 1 from calls c where c.lead_id = cb.lead_id and c.agent_id = cb.agent_id and c.queued_at >= cb.callback_at)`,
        [END],
      )
    ).rows as {
      id: string;
      lead_id: string;
      agent_id: string;
      callback_at: Date;
      status: string;
      lead_callback_at: Date | null;
      callback_user_id: string | null;
      state: string | null;
      timezones: string[];
      attempts: number;
      agent_next_call: Date | null;
      agent_last_call: { queued_at: string; ended_at: string | null; status: string } | null;
    }[];
    const deferred = missed.filter(
      (m) =>
        m.status === 'callback' &&
        m.callback_user_id === m.agent_id &&
        m.lead_callback_at !== null &&
        m.lead_callback_at > m.callback_at,
    );
    const pending = missed.filter((m) => !deferred.includes(m) && m.agent_next_call === null);
    const lost = missed.filter((m) => !deferred.includes(m) && !pending.includes(m));
    const lostCallbacks = lost.length;
    for (const m of lost) console.log(`  lost callback: ${JSON.stringify(m)}`);
    for (const m of deferred)
      console.log(
        `  deferred by the calling rules: due ${m.callback_at.toISOString()}, now due ${m.lead_callback_at?.toISOString()} (${m.state ?? 'no state'})`,
      );
    // A pending callback is benign when its agent was on a call that started before it fell due: show that call.
    for (const m of pending)
      console.log(
        `  pending: due ${m.callback_at.toISOString()}; its agent's last call ${JSON.stringify(m.agent_last_call)}`,
      );
    const scheduled = (await q(`select count(*)::int as n from calls where callback_at is not null`)).rows[0]
      .n as number;
    const talkPerAgentHour = calls.talk / 60 / (AGENTS * HOURS);
    // Per mode: talk is a person bridged to an agent (an abandoned person's seconds with the message are no agent's).
    const perMode = (
      await q(
        `select campaign_id::text as id, count(*)::int as calls,
           coalesce(sum(duration_sec) filter (where outcome = 'human' and answered_at is not null and safe_harbor_at is null), 0)::int as talk
         from calls where lead_id is not null group by campaign_id`,
      )
    ).rows as { id: string; calls: number; talk: number }[];
    const agentsIn = (mode: Agent['mode']) => agents.filter((a) => a.mode === mode).length;
    const modeFigures = (mode: Agent['mode']) => {
      const row = perMode.find((r) => r.id === campaignOf[mode]);
      const n = agentsIn(mode);
      return {
        agents: n,
        calls: row?.calls ?? 0,
        talk_min_per_agent_hour: n > 0 ? Number(((row?.talk ?? 0) / 60 / (n * HOURS)).toFixed(2)) : 0,
      };
    };
    // The predictive campaign's legal abandon measure over the day (answered people not bridged within 2 s), and its
    // lines: how many nobody took, dispositioned by the system, and any ended line still without a disposition.
    const pred = (
      await q(
        `select count(*) filter (where answered_at is not null and outcome = 'human')::int as live,
           count(*) filter (where answered_at is not null and outcome = 'human' and (safe_harbor_at is not null
             or agent_connected_at is null or agent_connected_at > answered_at + interval '2 seconds'))::int as abandoned,
           count(*) filter (where agent_session_id is null and disposition is not null)::int as system_dispositioned,
           count(*) filter (where agent_session_id is null and disposition is null and status_rank = 4)::int as undispositioned
         from calls where campaign_id = $1 and lead_id is not null and connect_recorded`,
        [predictive],
      )
    ).rows[0] as { live: number; abandoned: number; system_dispositioned: number; undispositioned: number };
    const predictiveFigures = {
      ...modeFigures('predictive'),
      abandon_rate: pred.live > 0 ? Number((pred.abandoned / pred.live).toFixed(4)) : 0,
      abandoned: pred.abandoned,
      live_answered: pred.live,
      lines_placed: pacerLinesPlaced,
      pacer_ticks: pacerTicks,
      ticks_dialling_ahead: pacedAhead,
      fallback_ticks: Object.fromEntries(fallbackTicks),
      calls_handed_to_agents: callsHanded,
      lines_dispositioned_by_system: pred.system_dispositioned,
      ended_lines_undispositioned: pred.undispositioned,
      pacer_errors: pacerErrors,
    };
    console.log(
      `${calls.n.toLocaleString('en-US')} calls, ${calls.connects.toLocaleString('en-US')} connects, ` +
        `${talkPerAgentHour.toFixed(1)} talk minutes per agent-hour; ${scheduled} callbacks scheduled; ` +
        `double dials ${doubleDials}, outside window ${outsideWindow}, lost callbacks ${lostCallbacks}; ` +
        `faults: ${faults.map((f) => `${f.kind} at ${new Date(f.at).toISOString().slice(11, 19)} (worst blocked after it ${(f.worstBlockedMs / 1000).toFixed(0)} s)`).join(', ')}; ` +
        `worst blocked all day ${(worstBlockedMs / 1000).toFixed(0)} s, ${actionErrors} agent actions failed during faults, ${webhooksLost} webhooks lost; ` +
        `${((performance.now() - wallStart) / 1000).toFixed(0)} s wall for ${HOURS} h`,
    );
    console.log(
      `by mode (talk minutes per agent-hour): power ${modeFigures('power').talk_min_per_agent_hour}, progressive ` +
        `${modeFigures('progressive').talk_min_per_agent_hour}, predictive ${predictiveFigures.talk_min_per_agent_hour} ` +
        `(${predictiveFigures.agents} agents, ${predictiveFigures.lines_placed} pacer lines, ${predictiveFigures.calls_handed_to_agents} handed to agents, ` +
        `abandon ${(predictiveFigures.abandon_rate * 100).toFixed(2)} % = ${pred.abandoned}/${pred.live}, ` +
        `${pred.system_dispositioned} lines dispositioned by the system, ${pred.undispositioned} ended without one; ` +
        `fallback ticks ${JSON.stringify(predictiveFigures.fallback_ticks)} of ${pacerTicks})`,
    );
    console.log(
      'published (docs/design.md): ~40 talk-minutes per agent-hour one line at a time, 45–50 tuned VICIdial; must be 0: double dials, outside window, lost callbacks; target: no agent blocked more than 30 s after a fault',
    );
    console.log(
      JSON.stringify({
        bench: 'day',
        agents: AGENTS,
        hours: HOURS,
        calls: calls.n,
        connects: calls.connects,
        talk_min_per_agent_hour: Number(talkPerAgentHour.toFixed(2)),
        double_dials: doubleDials,
        outside_window: outsideWindow,
        lost_callbacks: lostCallbacks,
        deferred_callbacks: deferred.length,
        pending_callbacks: pending.length,
        restart_worst_blocked_s: Math.round((faults.find((f) => f.kind === 'restart')?.worstBlockedMs ?? 0) / 1000),
        db_outage_worst_blocked_s: Math.round((faults.find((f) => f.kind === 'db_outage')?.worstBlockedMs ?? 0) / 1000),
        worst_blocked_after_fault_s: Math.round(Math.max(0, ...faults.map((f) => f.worstBlockedMs)) / 1000),
        worst_blocked_all_day_s: Math.round(worstBlockedMs / 1000),
        failed_actions: actionErrors,
        webhooks_lost: webhooksLost,
        power: modeFigures('power'),
        progressive: modeFigures('progressive'),
        predictive: predictiveFigures,
      }),
    );
  } finally {
    await simulator.close();
    await app.stop();
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
