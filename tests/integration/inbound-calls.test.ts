import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { inboundRoute } from '../../src/app/telephony/telephony-urls';
import { insertLeads, uniquePhone } from '../support/dialer-fixture';
import { openEventStream, postSignedCallback } from '../support/telephony-helpers';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { ok } from '../support/http-client';

// Calls back in (decision 0026), end to end on the carrier simulator: it rings our number, fetches our signed
// voice URL and follows the document — into an agent's conference, or the one-key menu whose opt-out key puts the
// caller on the team's DNC list.

// Tuesday 2030-01-08 16:00 UTC = 11:00 in New York.
const START = new Date('2030-01-08T16:00:00Z');
const OUR_NUMBER = '+12025550123';
const SIGNING_KEY = 'inbound-test-signing-key';
let app: TestApp;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;
let agentId: string;
let ownerId: string;
const clock = { now: () => (scheduler ? scheduler.now() : START) };

beforeAll(async () => {
  app = await startTestApp({
    clock,
    env: { JOBS_IN_PROCESS: 'false' },
    telephony: (publicBaseUrl) => {
      scheduler = new ManualScheduler(START);
      simulator = new SimulatorTelephony({
        signingKey: SIGNING_KEY,
        scheduler,
        seed: 15,
        numbers: [{ e164: OUR_NUMBER, friendlyName: 'DC line' }],
        inbound: inboundRoute(publicBaseUrl),
      });
      return simulator;
    },
  });
  team = await createTeamWithAgent(app, 'Inbound');
  agentId = (await team.agent.loadMe()).user.id;
  ownerId = (await team.owner.loadMe()).user.id;
  const sync = await team.owner.post(`/api/teams/${team.teamId}/caller-ids/sync`);
  if (sync.status !== 200) throw new Error(`sync failed ${sync.status} ${sync.text}`);
});
afterAll(async () => {
  await simulator?.close();
  await app?.stop();
});

async function elapse(sec: number) {
  scheduler.advanceBy(sec * 1000);
  await simulator.idle();
}

const q = (text: string, values: unknown[] = []) => app.deps.pool.query(text, values);
const dialer = (path = '') => `/api/teams/${team.teamId}/dialer${path}`;

/** A campaign with a lead our agent called yesterday from OUR_NUMBER (the call the person is returning). */
async function campaignWithPastCall(byUserId: string, teamId = team.teamId, settings: Record<string, unknown> = {}) {
  const campaignId = await createCampaign(team.owner, team.teamId, {
    dialMode: 'preview',
    agentMemberIds: [team.agentMemberId, team.ownerMemberId],
    safeHarborSeller: 'Acme Solar',
    ...settings,
  });
  const phone = uniquePhone();
  const [leadId] = await insertLeads(app.deps.pool, teamId, campaignId, [{ phone, firstName: 'Grace' }]);
  await q(
    `insert into calls (team_id, campaign_id, lead_id, agent_id, dialed_number, caller_id, provider, status, status_rank,
                        outcome, queued_at, answered_at, ended_at, duration_sec, created_at)
     values ($1, $2, $3, $4, $5, $6, 'simulator', 'no-answer', 4, 'no_answer', $7, null, $7, 0, $7)`,
    [teamId, campaignId, leadId, byUserId, phone, OUR_NUMBER, new Date(START.getTime() - 86_400_000)],
  );
  return { campaignId, leadId: leadId!, phone };
}

async function callIn(body: Record<string, unknown>) {
  const placed = await ok(team.owner.post(`/api/teams/${team.teamId}/caller-ids/simulated-inbound-calls`, body), 201);
  await simulator.idle();
  return placed.providerSid as string;
}

async function callBySid(sid: string) {
  const { rows } = await q('select * from calls where provider_sid = $1', [sid]);
  return rows[0];
}

const form = (phone: string, sid: string) => ({
  AccountSid: 'simulator',
  CallSid: sid,
  CallStatus: 'ringing',
  Direction: 'inbound',
  From: phone,
  To: OUR_NUMBER,
});

describe('a call back in', () => {
  it('reaches the agent who last called the number, with the lead on their screen, and is logged as inbound', async () => {
    const { campaignId, leadId, phone } = await campaignWithPastCall(agentId);
    // The owner has waited longer, but the agent who called the person is Ready too: the call is theirs.
    await ok(team.owner.post(dialer('/ready'), { campaignId }));
    await elapse(5);
    await ok(team.agent.post(dialer('/ready'), { campaignId }));
    const stream = await openEventStream(`${app.url}/api/teams/${team.teamId}/events`, team.agent.cookieHeader);
    try {
      const sid = await callIn({ from: phone, to: OUR_NUMBER, hangUpAfterSec: 40 });
      await stream.until(() => stream.events.some((e) => e.event === 'agent'));
      const onScreen = await ok(team.agent.get(dialer()));
      expect(onScreen.state).toBe('on_call');
      expect(onScreen.lead).toMatchObject({ id: leadId, firstName: 'Grace' });
      expect(onScreen.call).toMatchObject({ direction: 'inbound', status: 'in-progress', dialedNumber: phone });
      expect((await ok(team.owner.get(dialer()))).state).toBe('ready');

      await elapse(40); // the caller hangs up
      const wrap = await ok(team.agent.get(dialer()));
      expect(wrap.state).toBe('wrap_up');
      expect(wrap.call).toMatchObject({ status: 'completed', outcome: 'human' });
      const after = await ok(
        team.agent.post(dialer('/disposition'), {
          callId: wrap.call.id,
          disposition: 'interested',
          notes: 'Called back',
        }),
      );
      expect(after.state).toBe('ready');

      const call = await callBySid(sid);
      expect(call).toMatchObject({
        direction: 'inbound',
        team_id: team.teamId,
        campaign_id: campaignId,
        lead_id: leadId,
        agent_id: agentId,
        dialed_number: phone,
        caller_id: OUR_NUMBER,
        status: 'completed',
        outcome: 'human',
        duration_sec: 40,
        disposition: 'interested',
      });

      const log = await ok(team.owner.get(`/api/teams/${team.teamId}/call-log?campaignId=${campaignId}`));
      expect(log.calls.map((c: { direction: string }) => c.direction)).toEqual(['inbound', 'outbound']);
      const inboundOnly = await ok(
        team.owner.get(`/api/teams/${team.teamId}/call-log?campaignId=${campaignId}&direction=inbound`),
      );
      expect(inboundOnly.calls.map((c: { id: string }) => c.id)).toEqual([call.id]);
      const detail = await ok(team.owner.get(`/api/teams/${team.teamId}/call-log/${call.id}`));
      expect(detail.call ?? detail).toMatchObject({ direction: 'inbound' });
      const csv = await team.owner.get(`/api/teams/${team.teamId}/call-log/export.csv?campaignId=${campaignId}`);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]!.split(',').at(-1)).toBe('Direction');
      expect(lines.slice(1).map((l) => l.split(',').at(-1))).toEqual(['inbound', 'outbound']);

      // Calls back in are not the campaign's dials: its overview, the lead's 24-hour count and the abandon figures
      // ignore them.
      const overview = await ok(team.owner.get(`/api/teams/${team.teamId}/dashboard/campaigns/${campaignId}`));
      expect(overview.week).toMatchObject({ connects: 0, talkSec: 0 });
      expect(overview.dispositions.map((d: { key: string }) => d.key)).not.toContain('interested');
      const { rows } = await q(`select count(*)::int as n from calls where lead_id = $1 and direction = 'outbound'`, [
        leadId,
      ]);
      expect(rows[0].n).toBe(1);
    } finally {
      await stream.close();
      await ok(team.owner.post(dialer('/pause'), { to: 'offline' }));
      await ok(team.agent.post(dialer('/pause'), { to: 'offline' }));
    }
  });

  it('goes to whoever has waited longest when the agent who called is not Ready', async () => {
    const { campaignId, leadId, phone } = await campaignWithPastCall(agentId);
    await ok(team.owner.post(dialer('/ready'), { campaignId }));
    try {
      const sid = await callIn({ from: phone, to: OUR_NUMBER, hangUpAfterSec: 5 });
      const onScreen = await ok(team.owner.get(dialer()));
      expect(onScreen.state).toBe('on_call');
      expect(onScreen.lead.id).toBe(leadId);
      expect((await callBySid(sid)).agent_id).toBe(ownerId);
      await elapse(5);
      await ok(team.owner.post(dialer('/disposition'), { callId: onScreen.call.id, disposition: 'interested' }));
    } finally {
      await ok(team.owner.post(dialer('/pause'), { to: 'offline' }));
    }
  });
});

describe("the campaign's call-back routing", () => {
  /** The owner goes Ready first (so has waited longest), then the agent who made the call being returned. */
  async function bothReady(campaignId: string) {
    await ok(team.owner.post(dialer('/ready'), { campaignId }));
    await elapse(1);
    await ok(team.agent.post(dialer('/ready'), { campaignId }));
  }
  async function bothOffline() {
    await ok(team.owner.post(dialer('/pause'), { to: 'offline' }));
    await ok(team.agent.post(dialer('/pause'), { to: 'offline' }));
  }

  it('by default gives the call to the agent who last called, though another has waited longer', async () => {
    const { campaignId, phone } = await campaignWithPastCall(agentId);
    await bothReady(campaignId);
    try {
      const sid = await callIn({ from: phone, to: OUR_NUMBER, hangUpAfterSec: 5 });
      const call = await callBySid(sid);
      expect(call.agent_id).toBe(agentId);
      expect((await ok(team.owner.get(dialer()))).state).toBe('ready');
      await elapse(5);
      await ok(team.agent.post(dialer('/disposition'), { callId: call.id, disposition: 'interested' }));
    } finally {
      await bothOffline();
    }
  });

  it('"any Ready agent" gives it to whoever has waited longest, not the agent who called', async () => {
    const { campaignId, phone } = await campaignWithPastCall(agentId, team.teamId, {
      callbackRouting: 'any_ready_agent',
    });
    await bothReady(campaignId);
    try {
      const sid = await callIn({ from: phone, to: OUR_NUMBER, hangUpAfterSec: 5 });
      const call = await callBySid(sid);
      expect(call.agent_id).toBe(ownerId);
      expect((await ok(team.agent.get(dialer()))).state).toBe('ready');
      await elapse(5);
      await ok(team.owner.post(dialer('/disposition'), { callId: call.id, disposition: 'interested' }));
    } finally {
      await bothOffline();
    }
  });

  it('"straight to the message" plays the opt-out menu with agents Ready, and leaves them waiting', async () => {
    const { campaignId, phone } = await campaignWithPastCall(agentId, team.teamId, { callbackRouting: 'message_only' });
    await bothReady(campaignId);
    try {
      // Key 1, not 9: the menu is what is proved here, and other tests count this team's DNC entries.
      const sid = await callIn({ from: phone, to: OUR_NUMBER, pressKey: '1' });
      expect(await callBySid(sid)).toMatchObject({ direction: 'inbound', agent_id: null, agent_session_id: null });
      expect((await ok(team.agent.get(dialer()))).state).toBe('ready');
      expect((await ok(team.owner.get(dialer()))).state).toBe('ready');
      await elapse(10); // the prompt plays, the caller presses a key: the one-key menu answered them
      expect(await callBySid(sid)).toMatchObject({ notes: 'Caller pressed "1"' });
    } finally {
      await bothOffline();
    }
  });
});

describe('nobody Ready', () => {
  it('plays the menu, and the opt-out key puts the number on the DNC list with how it got there', async () => {
    const { leadId, phone } = await campaignWithPastCall(agentId);
    const sid = await callIn({ from: phone, to: OUR_NUMBER, pressKey: '9' });
    const call = await callBySid(sid);
    expect(call).toMatchObject({ direction: 'inbound', agent_id: null, lead_id: leadId, status: 'in-progress' });
    expect((await q('select count(*)::int as n from dnc_numbers where phone = $1', [phone])).rows[0].n).toBe(0);

    const pressedAt = new Date(clock.now().getTime() + 6000);
    await elapse(6); // the prompt plays, then the caller presses 9
    const { rows } = await q('select team_id, source, reason, added_by from dnc_numbers where phone = $1', [phone]);
    expect(rows).toEqual([
      {
        team_id: team.teamId,
        source: 'inbound_opt_out',
        reason: `Caller pressed 9 on an inbound call to ${OUR_NUMBER} at ${pressedAt.toISOString()}`,
        added_by: null,
      },
    ]);
    expect((await q('select dnc from leads where id = $1', [leadId])).rows[0].dnc).toBe(true);
    await elapse(2);
    expect(await callBySid(sid)).toMatchObject({
      status: 'completed',
      notes: 'Caller pressed 9: number added to the Do-not-call list',
    });
    const listed = await ok(team.owner.get(`/api/teams/${team.teamId}/dnc?digits=${phone.slice(2)}`));
    expect(listed.numbers).toMatchObject([{ phone, source: 'inbound_opt_out' }]);
  });

  it('adds nothing when the caller presses another key or none', async () => {
    const { phone } = await campaignWithPastCall(agentId);
    const other = await callIn({ from: phone, to: OUR_NUMBER, pressKey: '1' });
    await elapse(10);
    const silent = await callIn({ from: phone, to: OUR_NUMBER });
    await elapse(20);
    expect((await q('select count(*)::int as n from dnc_numbers where phone = $1', [phone])).rows[0].n).toBe(0);
    expect(await callBySid(other)).toMatchObject({ status: 'completed', notes: 'Caller pressed "1"' });
    expect(await callBySid(silent)).toMatchObject({ status: 'completed', notes: null });
  });

  it("an unknown caller to the team's own number hears the menu and may opt out too", async () => {
    const phone = uniquePhone();
    const sid = await callIn({ from: phone, to: OUR_NUMBER, pressKey: '9' });
    expect(await callBySid(sid)).toMatchObject({ team_id: team.teamId, campaign_id: null, lead_id: null });
    await elapse(8);
    const { rows } = await q('select team_id, source from dnc_numbers where phone = $1', [phone]);
    expect(rows).toEqual([{ team_id: team.teamId, source: 'inbound_opt_out' }]);
  });
});

describe('the inbound webhooks', () => {
  it('refuse a forged voice-URL request or key press and change nothing', async () => {
    const { phone } = await campaignWithPastCall(agentId);
    const url = `${app.url}/webhooks/signalwire/inbound`;
    const forged = await postSignedCallback(url, form(phone, 'CAforged1'), { signingKey: 'not-the-key' });
    expect(forged.status).toBe(403);
    const unsigned = await postSignedCallback(url, form(phone, 'CAforged2'), {
      signingKey: SIGNING_KEY,
      signature: null,
    });
    expect(unsigned.status).toBe(403);
    expect((await q(`select count(*)::int as n from calls where provider_sid like 'CAforged%'`)).rows[0].n).toBe(0);

    // A real call on the menu, then a key press forged for it.
    const sid = await callIn({ from: phone, to: OUR_NUMBER });
    const call = await callBySid(sid);
    const keyUrl = `${app.url}/webhooks/signalwire/inbound/key?callId=${call.id}`;
    const press = { ...form(phone, sid), Digits: '9' };
    expect((await postSignedCallback(keyUrl, press, { signingKey: 'not-the-key' })).status).toBe(403);
    expect((await q('select count(*)::int as n from dnc_numbers where phone = $1', [phone])).rows[0].n).toBe(0);
    // Signed properly it is accepted (the menu answer is a document that confirms and hangs up).
    const real = await postSignedCallback(keyUrl, press, { signingKey: SIGNING_KEY });
    expect(real.status).toBe(200);
    expect(real.text).toContain('<Say>Done. Acme Solar will not call this number again. Goodbye.</Say><Hangup/>');
    await elapse(20);
  });

  it('serve the same document when the provider fetches the voice URL twice for one call', async () => {
    const { phone } = await campaignWithPastCall(agentId);
    const url = `${app.url}/webhooks/signalwire/inbound`;
    const first = await postSignedCallback(url, form(phone, 'CAtwice'), { signingKey: SIGNING_KEY });
    const second = await postSignedCallback(url, form(phone, 'CAtwice'), { signingKey: SIGNING_KEY });
    expect(first.status).toBe(200);
    expect(first.text).toContain('press 9');
    expect(second.text).toBe(first.text);
    expect((await q(`select count(*)::int as n from calls where provider_sid = 'CAtwice'`)).rows[0].n).toBe(1);
  });
});

describe('teams sharing a number', () => {
  it("send the caller to the team that called them, and only that team's list gets the opt-out", async () => {
    const other = await createTeamWithAgent(app, 'Othercall');
    await ok(other.owner.post(`/api/teams/${other.teamId}/caller-ids/sync`));
    const { phone } = await campaignWithPastCall(agentId);
    const sid = await callIn({ from: phone, to: OUR_NUMBER, pressKey: '9' });
    await elapse(8);
    expect((await callBySid(sid)).team_id).toBe(team.teamId);
    const { rows } = await q('select team_id from dnc_numbers where phone = $1', [phone]);
    expect(rows).toEqual([{ team_id: team.teamId }]);

    // A caller neither team ever dialled, on a number both hold: nobody's call, nothing written.
    const stranger = uniquePhone();
    const res = await postSignedCallback(`${app.url}/webhooks/signalwire/inbound`, form(stranger, 'CAstranger'), {
      signingKey: SIGNING_KEY,
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Hangup/>');
    expect((await q(`select count(*)::int as n from calls where provider_sid = 'CAstranger'`)).rows[0].n).toBe(0);
  });

  it('refuses a test call to a number that is not one of the team’s, and to agents', async () => {
    const bad = await team.owner.post(`/api/teams/${team.teamId}/caller-ids/simulated-inbound-calls`, {
      from: uniquePhone(),
      to: '+13125550199',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual({ to: 'Pick one of your caller IDs' });
    const agent = await team.agent.post(`/api/teams/${team.teamId}/caller-ids/simulated-inbound-calls`, {
      from: uniquePhone(),
      to: OUR_NUMBER,
    });
    expect(agent.status).toBe(403);
  });
});
