import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SIMULATOR_TEST_NUMBERS, SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { WAV_HEADER_BYTES, WAV_SAMPLE_RATE } from '../../src/adapters/simulator/wav';
import { startProviderCall } from '../../src/app/telephony/start-provider-call';
import { waitingAgentSession } from '../support/agent-session-fixture';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';
import { createTeamWithAgent, type TeamFixture } from '../support/team-fixture';

const DAY = 86_400_000;
let now = new Date('2030-01-01T12:00:00Z');
let app: TestApp;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;
let ownerId: string;

beforeAll(async () => {
  app = await startTestApp({
    clock: { now: () => now },
    env: { JOBS_IN_PROCESS: 'false' },
    telephony: () => {
      scheduler = new ManualScheduler(now);
      simulator = new SimulatorTelephony({
        signingKey: 'simulator-test-signing-key',
        scheduler,
        seed: 7,
        numbers: [{ e164: '+12025550123', friendlyName: 'DC line' }],
      });
      return simulator;
    },
  });
  team = await createTeamWithAgent(app, 'Simcall');
  ownerId = (await team.owner.loadMe()).user.id;
});
afterAll(async () => {
  await simulator?.close();
  await app?.stop();
});

/** Lets `sec` seconds of carrier time pass and waits until every webhook it caused has been handled. */
async function elapse(sec: number) {
  scheduler.advanceBy(sec * 1000);
  await simulator.idle();
}

async function dial(to: string, record = true) {
  // An agent waits on the call, so the answer is bridged to them (not given the safe-harbor message).
  const agentSessionId = await waitingAgentSession(app.deps.pool, team.teamId, ownerId);
  const result = await startProviderCall(app.deps, {
    teamId: team.teamId,
    agentId: ownerId,
    agentSessionId,
    to,
    record,
    amd: false,
  });
  if (!result.ok) throw new Error(result.message);
  return result.call.id;
}

async function events(callId: string) {
  const { rows } = await app.deps.pool.query<{ event_key: string }>(
    'select event_key from call_events where call_id = $1 order by id',
    [callId],
  );
  return rows.map((r) => r.event_key.replace(/CA[0-9a-f]{32}/, 'CA').replace(/RE[0-9a-f]{32}/, 'RE'));
}

async function download(client: TestClient, callId: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/api/teams/${team.teamId}/calls/${callId}/recording`, {
    headers: { cookie: client.cookieHeader, ...headers },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function providerBytes(callId: string) {
  const { rows } = await app.deps.pool.query<{ provider_sid: string }>(
    'select provider_sid from recordings where call_id = $1',
    [callId],
  );
  const media = await simulator.fetchRecording({ recordingSid: rows[0]!.provider_sid });
  const chunks: Uint8Array[] = [];
  for await (const chunk of media.body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Runs of digital silence in a 16-bit mono WAV, as [startSec, lengthSec], longer than `minSec`. */
function silentSpans(wav: Buffer, minSec: number) {
  const samples = (wav.length - WAV_HEADER_BYTES) / 2;
  const spans: [number, number][] = [];
  let runStart = -1;
  for (let i = 0; i <= samples; i++) {
    const zero = i < samples && wav.readInt16LE(WAV_HEADER_BYTES + i * 2) === 0;
    if (zero && runStart < 0) runStart = i;
    if (!zero && runStart >= 0) {
      if (i - runStart >= minSec * WAV_SAMPLE_RATE)
        spans.push([runStart / WAV_SAMPLE_RATE, (i - runStart) / WAV_SAMPLE_RATE]);
      runStart = -1;
    }
  }
  return spans;
}

describe('a call placed through the simulator', () => {
  it('produces the full callback sequence, in order, each stored once', async () => {
    const callId = await dial(SIMULATOR_TEST_NUMBERS.humanHangsUpAfter(20));
    await elapse(1);
    const { rows: ringing } = await app.deps.pool.query('select status from calls where id = $1', [callId]);
    expect(ringing[0].status).toBe('ringing');
    await elapse(4); // answered at 5 s
    await elapse(20); // the callee hangs up 20 s later
    expect(await events(callId)).toEqual([
      'CA:initiated',
      'CA:ringing',
      'CA:in-progress',
      'rec:RE:in-progress',
      'CA:completed',
      'rec:RE:completed',
    ]);
    const { rows } = await app.deps.pool.query(
      `select c.status, c.outcome, c.duration_sec, c.caller_id, r.status as rec_status, r.duration_sec as rec_duration,
              r.expires_at = c.queued_at + interval '30 days' as expires_in_30_days
       from calls c join recordings r on r.call_id = c.id where c.id = $1`,
      [callId],
    );
    expect(rows[0]).toEqual({
      status: 'completed',
      outcome: 'human',
      duration_sec: 20,
      caller_id: '+12025550123',
      rec_status: 'completed',
      rec_duration: 20,
      expires_in_30_days: true,
    });
  });

  it('serves a recording whose download matches the provider’s bytes, with ranges and a download name', async () => {
    const callId = await dial(SIMULATOR_TEST_NUMBERS.humanHangsUpAfter(12));
    await elapse(5);
    await elapse(12);
    const full = await download(team.owner, callId);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('audio/wav');
    expect(full.headers.get('content-disposition')).toBeNull();
    const expected = await providerBytes(callId);
    expect(full.bytes.equals(expected)).toBe(true);
    expect(full.bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(Number(full.headers.get('content-length'))).toBe(expected.length);
    expect((full.bytes.length - WAV_HEADER_BYTES) / 2 / WAV_SAMPLE_RATE).toBe(12);

    const part = await download(team.owner, callId, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${expected.length}`);
    expect(part.bytes.equals(expected.subarray(100, 200))).toBe(true);

    const attachment = await fetch(`${app.url}/api/teams/${team.teamId}/calls/${callId}/recording?download=1`, {
      headers: { cookie: team.owner.cookieHeader },
    });
    expect(attachment.headers.get('content-disposition')).toBe(`attachment; filename="call-${callId}.wav"`);
    await attachment.arrayBuffer();
  });

  it('reflects a mid-call pause in the file as a span of silence', async () => {
    const callId = await dial(SIMULATOR_TEST_NUMBERS.humanStays);
    await elapse(5); // answered; recording from here
    await elapse(3);
    const pause = await team.owner.post(`/api/teams/${team.teamId}/calls/${callId}/recording`, { action: 'pause' });
    expect(pause.status).toBe(200);
    expect(pause.json.recordingStatus).toBe('paused');
    await elapse(4);
    const resume = await team.owner.post(`/api/teams/${team.teamId}/calls/${callId}/recording`, { action: 'resume' });
    expect(resume.json.recordingStatus).toBe('in-progress');
    await elapse(3);
    const hangUp = await team.owner.post(`/api/teams/${team.teamId}/calls/${callId}/hang-up`);
    // The simulator ends the call at once, and the hang-up reads its record rather than waiting for the callback.
    expect(hangUp.json.status).toBe('ended');
    await simulator.idle();
    const { rows } = await app.deps.pool.query('select status, duration_sec from calls where id = $1', [callId]);
    expect(rows[0]).toEqual({ status: 'completed', duration_sec: 10 });

    const { bytes } = await download(team.owner, callId);
    expect((bytes.length - WAV_HEADER_BYTES) / 2 / WAV_SAMPLE_RATE).toBe(10);
    // Exactly one long silence: 3 s of voice, then the 4 s pause, then 3 s of voice.
    expect(silentSpans(bytes, 0.5)).toEqual([[3, 4]]);
    // Hanging up an ended call is harmless.
    expect((await team.owner.post(`/api/teams/${team.teamId}/calls/${callId}/hang-up`)).json.status).toBe(
      'already_ended',
    );
  });

  it('keeps recordings inside the team and the agent’s own calls: 404 for anyone else', async () => {
    const callId = await dial(SIMULATOR_TEST_NUMBERS.humanHangsUpAfter(10));
    await elapse(15);
    const stranger = new TestClient(app.url);
    await stranger.signUp({ name: 'Other Owner', email: uniqueEmail('other'), teamName: 'Other Team' });
    const otherTeam = (await stranger.loadMe()).teams[0]!.id;
    expect((await stranger.get(`/api/teams/${team.teamId}/calls/${callId}/recording`)).status).toBe(404);
    expect((await stranger.get(`/api/teams/${otherTeam}/calls/${callId}/recording`)).status).toBe(404);
    // The team's agent did not make this call (the owner did).
    expect((await download(team.agent, callId)).status).toBe(404);
    expect((await download(team.owner, callId)).status).toBe(200);
  });

  it('answers 410 once the recording is 30 days old, and the purge job deletes it at the provider', async () => {
    const callId = await dial(SIMULATOR_TEST_NUMBERS.humanHangsUpAfter(10));
    await elapse(15);
    const started = now;
    try {
      now = new Date(started.getTime() + 30 * DAY - 1000);
      expect((await download(team.owner, callId)).status).toBe(200);
      now = new Date(started.getTime() + 30 * DAY + 1000);
      const gone = await download(team.owner, callId);
      expect(gone.status).toBe(410);
      expect(JSON.parse(gone.bytes.toString()).error.code).toBe('gone');

      const def = jobs.find((j) => j.id === 'purge-expired-recordings')!;
      await app.jobs!.boss.send(def.id, {});
      expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBeGreaterThanOrEqual(1);
      const { rows } = await app.deps.pool.query<{ provider_sid: string; status: string; deleted_at: Date | null }>(
        'select provider_sid, status, deleted_at from recordings where call_id = $1',
        [callId],
      );
      expect(rows[0]!.status).toBe('deleted');
      expect(rows[0]!.deleted_at).not.toBeNull();
      await expect(simulator.fetchRecording({ recordingSid: rows[0]!.provider_sid })).rejects.toMatchObject({
        code: 'not_found',
      });
      expect((await download(team.owner, callId)).status).toBe(410);
    } finally {
      now = started;
    }
  });
});

describe('caller IDs', () => {
  it('lists the synced numbers with today’s use, and a daily cap stops a number being used', async () => {
    const list = await team.owner.get(`/api/teams/${team.teamId}/caller-ids`);
    expect(list.status).toBe(200);
    expect(list.json.provider).toBe('simulator');
    const line = list.json.numbers.find((n: { e164: string }) => n.e164 === '+12025550123');
    expect(line).toMatchObject({ friendlyName: 'DC line', state: 'DC', active: true, dailyCap: 100 });
    expect(line.usedToday).toBeGreaterThanOrEqual(5);

    const capped = await team.owner.patch(`/api/teams/${team.teamId}/caller-ids/${line.id}`, {
      dailyCap: line.usedToday,
    });
    expect(capped.status).toBe(200);
    const refused = await startProviderCall(app.deps, {
      teamId: team.teamId,
      agentId: ownerId,
      to: SIMULATOR_TEST_NUMBERS.busy,
      record: false,
      amd: false,
    });
    expect(refused).toMatchObject({ ok: false, reason: 'no_caller_id' });
    expect((await team.owner.patch(`/api/teams/${team.teamId}/caller-ids/${line.id}`, { dailyCap: 0 })).status).toBe(
      400,
    );
    await team.owner.patch(`/api/teams/${team.teamId}/caller-ids/${line.id}`, { dailyCap: 100 });
    expect((await team.agent.get(`/api/teams/${team.teamId}/caller-ids`)).status).toBe(403);
  });

  it('assigns a campaign pool with a default that must belong to it', async () => {
    const list = await team.owner.get(`/api/teams/${team.teamId}/caller-ids`);
    const numberId = list.json.numbers[0].id as string;
    const campaign = await team.owner.post(`/api/teams/${team.teamId}/campaigns`, {
      name: 'Pool campaign',
      recordingDisclosure: 'Recorded.',
    });
    const campaignId = campaign.json.id as string;
    const bad = await team.owner.request('PUT', `/api/teams/${team.teamId}/caller-ids/pools/${campaignId}`, {
      phoneNumberIds: [],
      defaultId: numberId,
    });
    expect(bad.status).toBe(400);
    const ok = await team.owner.request('PUT', `/api/teams/${team.teamId}/caller-ids/pools/${campaignId}`, {
      phoneNumberIds: [numberId],
      defaultId: numberId,
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ campaignId, phoneNumberIds: [numberId], defaultId: numberId });
    const again = await team.owner.get(`/api/teams/${team.teamId}/caller-ids`);
    expect(again.json.pools.find((p: { campaignId: string }) => p.campaignId === campaignId)).toMatchObject({
      phoneNumberIds: [numberId],
      defaultId: numberId,
    });
  });
});
