import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded';
import { insertLeads } from '../support/dialer-fixture';
import { TestClient, uniqueEmail, ok } from '../support/http-client';
import { createCampaign } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// A real kill -9: the product runs as a child process (tests/support/app-process.ts: src/main.ts's
// startDialerSeat configured from the environment, the embedded simulator as its carrier, its clock moved to 11:00
// New York so the leads are callable whatever the real hour) with
// five agents on connected calls; it is killed with SIGKILL and started again on the same database. Its carrier
// died with it, so the calls are gone at the provider: each must be closed at once with what is known (answered,
// answer time kept, an inferred end, no duration) and each agent must be in wrap-up, able to disposition.

const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const AGENTS = 5;
let app: TestApp;
let child: ChildProcess | null = null;
let port = 0;
// The child's clock: the next 16:00 UTC (11:00 in New York, inside every calling window), running at real speed.
const now = Date.now();
const clockOffsetMs = Math.ceil((now - 16 * 3_600_000) / 86_400_000) * 86_400_000 + 16 * 3_600_000 - now;
// The in-process instance keeps the same time: two instances of one deployment share a clock. With the real hour
// here, the heartbeats it takes while the child is down stamp the sessions hours before the child's "now", and a
// presence sweep the restarted child runs first (queued each minute meanwhile) takes every agent for gone.
const clock = { now: () => new Date(Date.now() + clockOffsetMs) };
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-crash-'));

beforeAll(async () => {
  // The in-process app only provides the database (and signs the agents up); the child is the product under test.
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false', AUTH_SECRET: SECRET }, clock });
  port = await freePort();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the product as a child process and resolves once it answers on its port. */
async function startChild(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/support/app-process.ts', String(clockOffsetMs)], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: app.databaseUrl,
      DATABASE_POOL_SIZE: '5',
      DATA_DIR: dataDir,
      AUTH_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      JOBS_IN_PROCESS: 'true',
      // Calls answer after 0.5 s instead of 5 s.
      SIMULATOR_SPEED: '10',
      SIMULATOR_NUMBERS: '+12025550123',
    },
    stdio: 'ignore',
  });
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code, signal) => reject(new Error(`child exited ${code ?? signal}`))),
  );
  exited.catch(() => {});
  const up = (async () => {
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      if (res?.ok) return;
      await new Promise((r) => setImmediate(r));
    }
  })();
  await Promise.race([up, exited]);
  return proc;
}

/** Polls `check` (a condition on the product's state) until it holds; gives up after `limitMs` (a busy machine). */
async function until<T>(check: () => Promise<T | null>, limitMs = 120_000): Promise<T> {
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    const v = await check();
    if (v !== null) return v;
  }
  throw new Error('condition never held');
}

describe('kill -9 with five connected calls', () => {
  it('closes the calls the restarted carrier no longer knows with their answer time and an inferred end, and puts each agent in wrap-up', async () => {
    const owner = new TestClient(app.url);
    await owner.signUp({ name: 'Crash Owner', email: uniqueEmail('crash-owner'), teamName: 'Crash' });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const emails = Array.from({ length: AGENTS }, (_, i) => uniqueEmail(`crash-agent-${i}`));
    for (const email of emails) await ok(owner.post(`/api/teams/${teamId}/invitations`, { email, role: 'agent' }), 201);
    const messages = (await owner.get('/api/dev/mail')).json.messages as { toAddress: string; text: string }[];
    const signedUp: TestClient[] = [];
    for (const [i, email] of emails.entries()) {
      const c = new TestClient(app.url);
      await c.signUp({
        name: `Crash Agent ${i}`,
        email,
        invitationToken: /\/invite\/(\S+)/.exec(messages.find((m) => m.toAddress === email)!.text)![1]!,
      });
      signedUp.push(c);
    }
    const members = (await owner.get(`/api/teams/${teamId}/members`)).json.members as { id: string; email: string }[];
    const campaignId = await createCampaign(owner, teamId, {
      dialMode: 'preview',
      recordingEnabled: false,
      agentMemberIds: members.filter((m) => emails.includes(m.email)).map((m) => m.id),
    });
    // "A person answers and stays on" numbers of the simulator, in New York.
    await insertLeads(
      app.deps.pool,
      teamId,
      campaignId,
      Array.from({ length: AGENTS }, (_, i) => ({ phone: `+1${305 + i}5550100`, timezones: ['America/New_York'] })),
    );

    // The agents work on the child (same database and secret, so their sessions hold there).
    child = await startChild();
    const agents = signedUp.map((s) => {
      const c = new TestClient(`http://127.0.0.1:${port}`);
      (c as unknown as { cookies: Map<string, string> }).cookies = (
        s as unknown as { cookies: Map<string, string> }
      ).cookies;
      c.csrfToken = s.csrfToken;
      return c;
    });
    const api = (p: string) => `/api/teams/${teamId}/dialer${p}`;
    const callIds: string[] = [];
    for (const a of agents) {
      await ok(a.post(api('/ready'), { campaignId }));
      await ok(a.post(api('/next')));
      const d = await ok(a.post(api('/dial')));
      expect(d.ok).toBe(true);
      callIds.push(d.call.id);
    }
    const q = (text: string) => app.deps.pool.query(text, [callIds]);
    await until(async () =>
      (await q(`select count(*)::int as n from calls where id = any($1) and status = 'in-progress'`)).rows[0].n ===
      AGENTS
        ? true
        : null,
    );
    for (const a of agents) expect((await ok(a.get(api('')))).state).toBe('on_call');
    const before = (await q(`select id, answered_at from calls where id = any($1) order by id`)).rows;

    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    // While it restarts, the agents' screens keep reporting in, every 10 s as the workspace does, through the
    // in-process instance on the same database (behind a load balancer, the instance still up).
    const onA = signedUp;
    const beat = () => Promise.all(onA.map((a) => a.post(api('/heartbeat'))));
    await beat();
    const heartbeat = setInterval(() => void beat(), 10_000);
    try {
      child = await startChild();
    } finally {
      clearInterval(heartbeat);
    }

    // The restarted instance settles the calls by itself (its start-up recovery), while the agents' screens keep
    // sending heartbeats; nobody presses anything.
    await until(async () => {
      const states = await Promise.all(agents.map(async (a) => (await ok(a.post(api('/heartbeat')))).state as string));
      return states.every((s) => s === 'wrap_up') ? true : null;
    });
    const after = (
      await q(
        `select id, status, outcome, answered_at, ended_at, end_inferred, duration_sec from calls where id = any($1) order by id`,
      )
    ).rows;
    expect(after).toHaveLength(AGENTS);
    for (const [i, row] of after.entries()) {
      expect(row).toMatchObject({ status: 'completed', outcome: 'human', end_inferred: true, duration_sec: null });
      expect(row.answered_at).toEqual(before[i].answered_at);
      expect(row.ended_at.getTime()).toBeGreaterThanOrEqual(row.answered_at.getTime());
    }
    // The agent's screen says the end is inferred.
    const shown = await ok(agents[0]!.get(api('')));
    expect(shown.call).toMatchObject({ status: 'completed', endInferred: true, durationSec: null });
    // Each agent dispositions and is Ready again.
    for (const [i, a] of agents.entries()) {
      expect((await ok(a.post(api('/disposition'), { callId: callIds[i], disposition: 'interested' }))).state).toBe(
        'ready',
      );
    }
  }, 600_000); // two start-ups of the product as a child process (tsx compiles it: ~30 s alone, minutes beside other suites)
});
