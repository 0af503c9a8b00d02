import { describe, expect, it } from 'vitest';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { sweepAgentPresence } from '../../src/app/dialer/sweep-agent-presence';
import { insertLeads } from '../support/dialer-fixture';
import type { TestClient } from '../support/http-client';
import { openEventStream } from '../support/telephony-helpers';
import { createCampaign } from '../support/team-fixture';
import { useSimulatorApp } from '../support/simulator-app';
import { ok } from '../support/http-client';

// The agent's dialing loop over HTTP against the real app and the carrier simulator on a manual clock:
// Ready → next lead → Dial → ringing → connected → hang up → disposition, callbacks, DNC, consent, AMD, presence.

// Tuesday 2030-01-08 16:00 UTC = 11:00 in New York, 08:00 in Los Angeles.
const START = new Date('2030-01-08T16:00:00Z');
const bed = useSimulatorApp({ start: START, signingKey: 'dialer-test-signing-key', seed: 11, teamName: 'Dialers' });
const { elapse } = bed;

type CallEvent = { id: string; status: string };
const callEvent = (e: { event: string; data: unknown }) => (e.event === 'call' ? (e.data as CallEvent) : null);

const api = (path: string) => `/api/teams/${bed.team.teamId}/dialer${path}`;
const q = (text: string, values: unknown[] = []) => bed.app.deps.pool.query(text, values);

async function campaignWith(body: Record<string, unknown> = {}) {
  return createCampaign(bed.team.owner, bed.team.teamId, {
    agentMemberIds: [bed.team.agentMemberId, bed.team.ownerMemberId],
    script: 'Hi {{first_name}}, this is {{agent_name}} from {{campaign_name}}.',
    ...body,
  });
}

async function readyAndDial(agent: TestClient, campaignId: string) {
  await ok(agent.post(api('/ready'), { campaignId }));
  const next = await ok(agent.post(api('/next')));
  const dialed = await ok(agent.post(api('/dial')));
  expect(dialed.ok).toBe(true);
  return { next, callId: dialed.call.id as string };
}

describe('the dialing loop', () => {
  it('goes Ready, previews, dials, streams ringing → connected, stops the recording, hangs up and dispositions', async () => {
    const campaignId = await campaignWith({ dialMode: 'preview' });
    const [leadId] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12125550100', firstName: 'Ada', state: 'NY', timezones: ['America/New_York'] },
    ]);
    const agent = bed.team.agent;
    const stream = await openEventStream(`${bed.app.url}/api/teams/${bed.team.teamId}/events`, agent.cookieHeader);
    try {
      const ready = await ok(agent.post(api('/ready'), { campaignId }));
      expect(ready.state).toBe('ready');
      expect(ready.campaign).toMatchObject({ id: campaignId, dialMode: 'preview' });

      const next = await ok(agent.post(api('/next')));
      expect(next.lead).toMatchObject({
        id: leadId,
        firstName: 'Ada',
        zone: 'America/New_York',
        localTime: '2030-01-08 11:00 Tue',
        consent: 'one_party',
      });
      expect(next.lead.script).toBe('Hi Ada, this is Dialers Agent from ' + ready.campaign.name + '.');
      expect(next.decision.allowed).toBe(true);
      // Asking again gives the same lead (a reload), not another one.
      expect((await ok(agent.post(api('/next')))).lead.id).toBe(leadId);

      const dialed = await ok(agent.post(api('/dial')));
      expect(dialed.ok).toBe(true);
      expect(dialed.state).toBe('dialing');
      const callId = dialed.call.id as string;

      await elapse(1);
      await stream.until(() =>
        stream.events.some((e) => callEvent(e)?.id === callId && callEvent(e)?.status === 'ringing'),
      );
      await elapse(5);
      await stream.until(() =>
        stream.events.some((e) => callEvent(e)?.id === callId && callEvent(e)?.status === 'in-progress'),
      );
      expect((await ok(agent.get(api('')))).state).toBe('on_call');

      await ok(agent.post(`/api/teams/${bed.team.teamId}/calls/${callId}/recording`, { action: 'stop' }));
      await elapse(30);
      await ok(agent.post(`/api/teams/${bed.team.teamId}/calls/${callId}/hang-up`));
      await bed.simulator.idle();
      await stream.until(() =>
        stream.events.some((e) => callEvent(e)?.id === callId && callEvent(e)?.status === 'completed'),
      );
      const wrap = await ok(agent.get(api('')));
      expect(wrap.state).toBe('wrap_up');
      expect(wrap.call).toMatchObject({ id: callId, status: 'completed', outcome: 'human' });

      // Hanging up twice, or dispositioning with an unknown key, changes nothing.
      expect((await agent.post(api('/disposition'), { callId, disposition: 'no_such_thing' })).status).toBe(400);
      const after = await ok(
        agent.post(api('/disposition'), { callId, disposition: 'interested', notes: 'Wants a demo' }),
      );
      expect(after.state).toBe('ready');
      expect(after.lead).toBeNull();
      expect((await agent.post(api('/disposition'), { callId, disposition: 'interested' })).status).toBe(409);

      const { rows } = await q(
        `select disposition, notes, compliance_decision, lead_id, agent_id from calls where id = $1`,
        [callId],
      );
      expect(rows[0]).toMatchObject({ disposition: 'interested', notes: 'Wants a demo', lead_id: leadId });
      const decision = rows[0].compliance_decision;
      expect(decision).toMatchObject({ verdict: 'allowed', mode: 'preview', reasons: [], state: 'NY' });
      expect(decision.zones[0]).toMatchObject({
        zone: 'America/New_York',
        localTime: '2030-01-08 11:00:00 Tue',
        open: true,
      });
      expect(decision.rules.some((r: string) => r.startsWith('federal window 08:00–21:00'))).toBe(true);
      const lead = await q(`select status, attempts, last_disposition, reserved_by from leads where id = $1`, [leadId]);
      expect(lead.rows[0]).toEqual({ status: 'done', attempts: 1, last_disposition: 'interested', reserved_by: null });
    } finally {
      await stream.close();
    }
  });

  it('skips a previewed lead behind the others, undialled, and counts the skip', async () => {
    const campaignId = await campaignWith();
    const [a, b, c] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+13475550100', createdAt: new Date('2029-01-01T00:00:00Z') },
      { phone: '+13475550101', createdAt: new Date('2029-01-02T00:00:00Z') },
      { phone: '+13475550102', createdAt: new Date('2029-01-03T00:00:00Z') },
    ]);
    await ok(bed.team.agent.post(api('/ready'), { campaignId }));
    // N, S, N, S, N: each skip sends the lead on screen to the back, so the agent walks the list.
    expect((await ok(bed.team.agent.post(api('/next')))).lead.id).toBe(a);
    const skipped = await ok(bed.team.agent.post(api('/skip')));
    expect(skipped.lead).toBeNull();
    expect((await ok(bed.team.agent.post(api('/next')))).lead.id).toBe(b);
    await elapse(1);
    await ok(bed.team.agent.post(api('/skip')));
    expect((await ok(bed.team.agent.post(api('/next')))).lead.id).toBe(c);
    await elapse(1);
    await ok(bed.team.agent.post(api('/skip')));
    // All three skipped once: the first skipped is now the oldest due.
    expect((await ok(bed.team.agent.post(api('/next')))).lead.id).toBe(a);
    await ok(bed.team.agent.post(api('/skip')));
    const rows = (
      await q(
        `select id, status, attempts, skips, last_skipped_at is not null as stamped from leads where id = any($1) order by created_at`,
        [[a, b, c]],
      )
    ).rows;
    expect(rows.map((r) => [r.status, r.attempts, r.skips, r.stamped])).toEqual([
      ['new', 0, 2, true],
      ['new', 0, 1, true],
      ['new', 0, 1, true],
    ]);
    await ok(bed.team.agent.post(api('/pause'), { to: 'paused' }));
    expect(
      (await q(`select count(*)::int as n from leads where id = any($1) and reserved_by is not null`, [[a, b, c]]))
        .rows[0].n,
    ).toBe(0);
  });

  it("schedules a callback in the lead's time zone, refuses one outside its window, and brings it back to that agent when due", async () => {
    const campaignId = await campaignWith();
    const [leadId] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+17185550100', state: 'TX', timezones: ['America/Chicago'], firstName: 'Cal' },
    ]);
    const { callId } = await readyAndDial(bed.team.agent, campaignId);
    await elapse(6);
    await ok(bed.team.agent.post(`/api/teams/${bed.team.teamId}/calls/${callId}/hang-up`));
    await bed.simulator.idle();
    // A callback needs a time …
    const noTime = await bed.team.agent.post(api('/disposition'), { callId, disposition: 'callback' });
    expect(noTime.status).toBe(400);
    expect(noTime.json.error.fields.callback).toMatch(/needs a callback/);
    // … inside the lead's window: 21:30 in Chicago is not.
    const late = await bed.team.agent.post(api('/disposition'), {
      callId,
      disposition: 'callback',
      callback: { local: '2030-01-08T21:30', zone: 'America/Chicago' },
    });
    expect(late.status).toBe(400);
    expect(late.json.error.fields.callback).toMatch(/outside the lead's calling hours/);
    // … and in one of the lead's zones.
    const wrongZone = await bed.team.agent.post(api('/disposition'), {
      callId,
      disposition: 'callback',
      callback: { local: '2030-01-08T14:00', zone: 'Asia/Tokyo' },
    });
    expect(wrongZone.status).toBe(400);
    await ok(
      bed.team.agent.post(api('/disposition'), {
        callId,
        disposition: 'callback',
        notes: 'Call after lunch',
        callback: { local: '2030-01-08T14:00', zone: 'America/Chicago' },
      }),
    );
    const lead = await q(`select status, callback_at, callback_user_id from leads where id = $1`, [leadId]);
    const agentId = (await bed.team.agent.loadMe()).user.id;
    expect(lead.rows[0]).toEqual({
      status: 'callback',
      callback_at: new Date('2030-01-08T20:00:00Z'),
      callback_user_id: agentId,
    });

    // Before it is due nobody gets it; when due, the owner (also Ready on the campaign) does not, the agent does.
    expect((await ok(bed.team.agent.post(api('/next')))).exhausted).toBe(true);
    await elapse(4 * 3600);
    // (Hours without a heartbeat: both come back and go Ready again.)
    await ok(bed.team.agent.post(api('/ready'), { campaignId }));
    await ok(bed.team.owner.post(api('/ready'), { campaignId }));
    expect((await ok(bed.team.owner.post(api('/next')))).exhausted).toBe(true);
    await ok(bed.team.owner.post(api('/pause'), { to: 'offline' }));
    const back = await ok(bed.team.agent.post(api('/next')));
    expect(back.lead).toMatchObject({ id: leadId, firstName: 'Cal' });
    await ok(bed.team.agent.post(api('/skip')));
    await ok(bed.team.agent.post(api('/pause'), { to: 'paused' }));
  });

  it('puts a "Do not call" number on the team DNC list, and asks for consent where all parties must agree', async () => {
    const campaignId = await campaignWith();
    const [caLead, otherLead] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      {
        phone: '+14155550100',
        state: 'CA',
        timezones: ['America/Los_Angeles'],
        createdAt: new Date('2029-01-01T00:00:00Z'),
      },
      { phone: '+16465550100', createdAt: new Date('2029-01-02T00:00:00Z') },
    ]);
    // A second lead with the same number in another campaign leaves the queue too.
    const otherCampaign = await campaignWith();
    const [twin] = await insertLeads(bed.app.deps.pool, bed.team.teamId, otherCampaign, [
      { phone: '+14155550100', state: 'CA', timezones: ['America/Los_Angeles'] },
    ]);
    const { next, callId } = await readyAndDial(bed.team.agent, campaignId);
    expect(next.lead).toMatchObject({ id: caLead, consent: 'all_party' });
    await elapse(6);
    await ok(bed.team.agent.post(`/api/teams/${bed.team.teamId}/calls/${callId}/hang-up`));
    await bed.simulator.idle();
    const noConsent = await bed.team.agent.post(api('/disposition'), { callId, disposition: 'do_not_call' });
    expect(noConsent.status).toBe(400);
    expect(noConsent.json.error.fields.consentConfirmed).toMatch(/all-party consent/);
    await ok(
      bed.team.agent.post(api('/disposition'), {
        callId,
        disposition: 'do_not_call',
        consentConfirmed: true,
        then: 'paused',
      }),
    );
    expect((await ok(bed.team.agent.get(api('')))).state).toBe('paused');
    const dnc = await q(
      `select source, added_by is not null as by_agent from dnc_numbers where team_id = $1 and phone = '+14155550100'`,
      [bed.team.teamId],
    );
    expect(dnc.rows).toEqual([{ source: 'disposition', by_agent: true }]);
    const leads = await q(`select id, status, dnc from leads where id = any($1)`, [[caLead, twin, otherLead]]);
    const byId = Object.fromEntries(leads.rows.map((r) => [r.id, r]));
    expect(byId[caLead!]).toMatchObject({ status: 'done', dnc: true });
    expect(byId[twin!]).toMatchObject({ dnc: true });
    expect(byId[otherLead!]).toMatchObject({ dnc: false });
    const call = await q(`select recording_consent_confirmed from calls where id = $1`, [callId]);
    expect(call.rows[0].recording_consent_confirmed).toBe(true);
  });

  it('with AMD on, dispositions a machine as Voicemail without the agent, who is Ready for the next lead', async () => {
    const campaignId = await campaignWith({ dialMode: 'progressive', amd: true });
    const [machine] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [{ phone: '+19175550101' }]);
    const { callId } = await readyAndDial(bed.team.agent, campaignId);
    await elapse(5); // answered by the machine
    await elapse(4); // AMD decides
    await bed.simulator.idle();
    const state = await ok(bed.team.agent.get(api('')));
    expect(state.state).toBe('ready');
    expect(state.call).toBeNull();
    const call = await q(`select status, outcome, amd_result, disposition from calls where id = $1`, [callId]);
    expect(call.rows[0]).toMatchObject({ amd_result: 'machine', disposition: 'voicemail' });
    const lead = await q(`select status, next_attempt_at, attempts from leads where id = $1`, [machine]);
    expect(lead.rows[0].status).toBe('retry');
    // Retried after the campaign's voicemail gap (a day by default).
    expect(lead.rows[0].next_attempt_at.getTime() - bed.scheduler.now().getTime()).toBeGreaterThan(23 * 3600_000);
    await ok(bed.team.agent.post(api('/pause'), { to: 'paused' }));
  });

  it('puts an agent whose workspace stopped reporting Not ready, frees their lead and hangs up their call', async () => {
    const campaignId = await campaignWith();
    const [leadId] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [{ phone: '+12015550100' }]);
    const { callId } = await readyAndDial(bed.team.agent, campaignId);
    await elapse(6);
    expect((await ok(bed.team.agent.get(api('')))).state).toBe('on_call');
    // The heartbeat keeps the agent present …
    await elapse(30);
    expect((await ok(bed.team.agent.post(api('/heartbeat')))).state).toBe('on_call');
    // … and when it stops, the agent shows offline at once and the sweep makes it so.
    await elapse(50);
    expect((await ok(bed.team.agent.get(api('')))).state).toBe('offline');
    const sweep = jobs.find((j) => j.id === 'sweep-agent-presence')!;
    await bed.app.jobs!.boss.send(sweep.id, {});
    expect(await drainQueue(bed.app.jobs!.boss, bed.app.deps, sweep)).toBe(1);
    await bed.simulator.idle();
    const session = await q(
      `select s.state, s.note from agent_sessions s join users u on u.id = s.user_id where s.team_id = $1 and u.name = 'Dialers Agent'`,
      [bed.team.teamId],
    );
    expect(session.rows[0]).toMatchObject({ state: 'offline', note: expect.stringMatching(/Connection lost/) });
    const lead = await q(`select status, reserved_by, attempts from leads where id = $1`, [leadId]);
    expect(lead.rows[0]).toEqual({ status: 'retry', reserved_by: null, attempts: 1 });
    expect((await q(`select status from calls where id = $1`, [callId])).rows[0].status).toBe('completed');
  });

  it('gives the screens a presence timeout to report in after an instance starts, before its sweep judges anyone', async () => {
    const campaignId = await campaignWith();
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [{ phone: '+12015550101' }]);
    const { callId } = await readyAndDial(bed.team.agent, campaignId);
    await elapse(6);
    // The deployment is down for 80 s: no heartbeat can land, while the carrier keeps the call up.
    await elapse(80);
    const restarted = (secondsAgo: number) => ({
      ...bed.app.deps,
      startedAt: new Date(bed.scheduler.now().getTime() - secondsAgo * 1000),
    });
    // An instance up for 10 s sweeps (a sweep queued during the outage runs first thing): nobody is judged yet …
    expect(await sweepAgentPresence(restarted(10))).toMatchObject({ offline: 0, waitingForHeartbeats: true });
    const [kept] = (
      await q(`select s.state, c.status from agent_sessions s join calls c on c.id = s.call_id where c.id = $1`, [
        callId,
      ])
    ).rows;
    expect(kept.status).toBe('in-progress');
    expect(kept.state).not.toBe('offline');
    // … the screen reports in and the agent is on their call as before.
    expect((await ok(bed.team.agent.post(api('/heartbeat')))).state).toBe('on_call');
    // Once the instance has been up a presence timeout, silence counts again.
    await elapse(50);
    expect(await sweepAgentPresence(restarted(50))).toMatchObject({ offline: 1, waitingForHeartbeats: false });
    await bed.simulator.idle();
    expect((await q(`select status from calls where id = $1`, [callId])).rows[0].status).toBe('completed');
  });

  it('lists calls in the log with filters, shows the call page with its decision, exports CSV safely, and sums the campaign overview', async () => {
    const campaignId = await campaignWith();
    const [leadId] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12025550100', firstName: '=HYPERLINK("x")', state: 'DC' },
    ]);
    const { callId } = await readyAndDial(bed.team.agent, campaignId);
    await elapse(5); // answered
    await elapse(42);
    await ok(bed.team.agent.post(`/api/teams/${bed.team.teamId}/calls/${callId}/hang-up`));
    await bed.simulator.idle();
    await ok(
      bed.team.agent.post(api('/disposition'), {
        callId,
        disposition: 'not_interested',
        notes: '@SUM(1) said no',
        then: 'paused',
      }),
    );

    // The agent sees their own calls; filters narrow the log.
    const log = await ok(bed.team.agent.get(`/api/teams/${bed.team.teamId}/call-log?campaignId=${campaignId}`));
    expect(log.calls).toHaveLength(1);
    expect(log.calls[0]).toMatchObject({
      id: callId,
      leadId,
      disposition: 'not_interested',
      dispositionLabel: 'Not interested',
      outcome: 'human',
      agentName: 'Dialers Agent',
      durationSec: 42,
    });
    expect(
      (
        await ok(
          bed.team.agent.get(`/api/teams/${bed.team.teamId}/call-log?campaignId=${campaignId}&disposition=interested`),
        )
      ).calls,
    ).toHaveLength(0);
    expect(
      (await ok(bed.team.agent.get(`/api/teams/${bed.team.teamId}/call-log?leadId=${leadId}&outcome=human`))).calls,
    ).toHaveLength(1);
    expect((await bed.team.agent.get(`/api/teams/${bed.team.teamId}/call-log?outcome=sideways`)).status).toBe(400);
    const future = new Date(bed.scheduler.now().getTime() + 3600_000).toISOString();
    expect(
      (await ok(bed.team.agent.get(`/api/teams/${bed.team.teamId}/call-log?campaignId=${campaignId}&from=${future}`)))
        .calls,
    ).toHaveLength(0);

    const page = await ok(bed.team.agent.get(`/api/teams/${bed.team.teamId}/call-log/${callId}`));
    expect(page).toMatchObject({ id: callId, notes: '@SUM(1) said no', recordingPlayable: true });
    expect(page.complianceDecision).toMatchObject({ verdict: 'allowed', state: 'DC' });
    const audio = await fetch(`${bed.app.url}/api/teams/${bed.team.teamId}/calls/${callId}/recording`, {
      headers: { cookie: bed.team.agent.cookieHeader },
    });
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    await audio.arrayBuffer();

    // CSV: admins only, every cell neutralised.
    expect((await bed.team.agent.get(`/api/teams/${bed.team.teamId}/call-log/export.csv`)).status).toBe(403);
    const csv = await bed.team.owner.get(`/api/teams/${bed.team.teamId}/call-log/export.csv?campaignId=${campaignId}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`'=HYPERLINK(""x"")`);
    expect(lines[1]).toContain(`'@SUM(1) said no`);
    // The dialed number is data in a phone column: E.164 without a quote in front, so it re-imports as is.
    expect(lines[1]).toContain(`,+12025550100,`);
    expect(lines[1]).not.toContain(`'+1`);

    await ok(bed.team.agent.post(api('/heartbeat')));
    const overview = await ok(
      bed.team.owner.get(`/api/teams/${bed.team.teamId}/dashboard/campaigns/${campaignId}?tz=America/New_York`),
    );
    expect(overview.today).toEqual({ calls: 1, connects: 1, talkSec: 42 });
    expect(overview.week).toEqual({ calls: 1, connects: 1, talkSec: 42 });
    expect(overview.dispositions).toEqual([{ key: 'not_interested', label: 'Not interested', count: 1 }]);
    expect(overview.agents.find((a: { name: string }) => a.name === 'Dialers Agent')).toMatchObject({
      state: 'paused',
    });
    expect((await bed.team.agent.get(`/api/teams/${bed.team.teamId}/dashboard/campaigns/${campaignId}`)).status).toBe(
      403,
    );
  });
});
