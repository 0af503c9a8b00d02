import { describe, expect, it } from 'vitest';
import { insertLeads } from '../support/dialer-fixture';
import { smallWav, uploadDropAudio } from '../support/drop-audio-fixture';
import type { TestClient } from '../support/http-client';
import { createCampaign } from '../support/team-fixture';
import { useSimulatorApp } from '../support/simulator-app';
import { ok } from '../support/http-client';

// The agent's one-key voicemail drop on the carrier simulator (manual clock): the live call is handed to the
// campaign's drop message, the agent is dispositioned Voicemail and freed at once, and every refusal says why.

// Tuesday 2030-01-08 16:00 UTC = 11:00 in New York.
const START = new Date('2030-01-08T16:00:00Z');
const bed = useSimulatorApp({ start: START, signingKey: 'agent-drop-signing-key', seed: 15, teamName: 'Keydroppers' });
const { elapse } = bed;

const q = (text: string, values: unknown[] = []) => bed.app.deps.pool.query(text, values);
const library = (campaignId: string) => `/api/teams/${bed.team.teamId}/campaigns/${campaignId}/drop-messages`;
const dialer = (p: string) => `/api/teams/${bed.team.teamId}/dialer${p}`;

async function refused(res: Promise<{ status: number; json: { error: { message: string } } }>, message: RegExp) {
  const r = await res;
  expect(r.status).toBe(409);
  expect(r.json.error.message).toMatch(message);
}

async function readyAndDial(agent: TestClient, campaignId: string) {
  await ok(agent.post(dialer('/ready'), { campaignId }));
  await ok(agent.post(dialer('/next')));
  const dialed = await ok(agent.post(dialer('/dial')));
  const callId = dialed.call.id as string;
  const sid = (await q('select provider_sid from calls where id = $1', [callId])).rows[0].provider_sid as string;
  return { callId, sid };
}

describe('the agent drops the voicemail with one key', () => {
  it('hands the answered call to the drop message, frees the agent at once, and plays once per lead', async () => {
    // AMD off: the agent hears the machine themselves.
    const campaignId = await createCampaign(bed.team.owner, bed.team.teamId, {
      agentMemberIds: [bed.team.agentMemberId, bed.team.ownerMemberId],
      dialMode: 'progressive',
      amd: false,
    });
    const wav = smallWav(2000);
    const up = await uploadDropAudio(bed.team.owner, bed.team.teamId, campaignId, wav, 'Please call back');
    await ok(bed.team.owner.request('PUT', `${library(campaignId)}/chosen`, { messageId: up.json.id }));
    const [leadId] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [{ phone: '+19175550101' }]);

    // Not on a call: nothing to drop into.
    await refused(bed.team.agent.post(dialer('/drop-voicemail')), /not on a call/);
    const first = await readyAndDial(bed.team.agent, campaignId);
    // Still ringing: the drop waits for an answer.
    await refused(bed.team.agent.post(dialer('/drop-voicemail')), /not been answered/);
    // Someone else in the team has no call of their own: the agent's call is not theirs to drop.
    await refused(bed.team.owner.post(dialer('/drop-voicemail')), /not on a call/);

    await elapse(5); // the machine answers and the agent hears its greeting
    const onCall = await ok(bed.team.agent.get(dialer('')));
    expect(onCall).toMatchObject({ state: 'on_call', dropMessage: 'Please call back' });

    const after = await ok(bed.team.agent.post(dialer('/drop-voicemail')));
    expect(after).toMatchObject({ state: 'ready', call: null, lead: null });
    await bed.simulator.idle();
    const events = bed.simulator.callEvents(first.sid);
    expect(events).toMatchObject([{ kind: 'play', status: 200, contentType: 'audio/wav', bytes: wav.length }]);

    await elapse(2); // the message plays out and the call ends by itself
    const row = await q(
      `select c.status, c.disposition, c.notes, d.source, d.message_name
         from calls c join voicemail_drops d on d.call_id = c.id where c.id = $1`,
      [first.callId],
    );
    expect(row.rows[0]).toMatchObject({
      status: 'completed',
      disposition: 'voicemail',
      source: 'agent',
      message_name: 'Please call back',
    });
    expect(row.rows[0].notes).toMatch(/agent left the voicemail/);
    const lead = await q(`select status, last_disposition from leads where id = $1`, [leadId]);
    expect(lead.rows[0].last_disposition).toBe('voicemail');

    // The same lead again: its one drop in this campaign is spent.
    await q(`update leads set status = 'new', next_attempt_at = null where id = $1`, [leadId]);
    const second = await readyAndDial(bed.team.agent, campaignId);
    await elapse(5);
    await refused(bed.team.agent.post(dialer('/drop-voicemail')), /already had the voicemail message/);
    expect(bed.simulator.callEvents(second.sid)).toEqual([]);
    expect((await ok(bed.team.agent.get(dialer('')))).state).toBe('on_call');
    await ok(bed.team.agent.post(`/api/teams/${bed.team.teamId}/calls/${second.callId}/hang-up`));
    await bed.simulator.idle();
    await ok(
      bed.team.agent.post(dialer('/disposition'), {
        callId: second.callId,
        disposition: 'voicemail',
        consentConfirmed: true,
      }),
    );
  });

  it('refuses when the campaign has no drop message chosen, and the call goes on', async () => {
    const campaignId = await createCampaign(bed.team.owner, bed.team.teamId, {
      agentMemberIds: [bed.team.agentMemberId],
      dialMode: 'progressive',
    });
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [{ phone: '+19175550100' }]);
    await ok(bed.team.agent.post(dialer('/pause'), { to: 'offline' }));
    const call = await readyAndDial(bed.team.agent, campaignId);
    await elapse(5);
    expect((await ok(bed.team.agent.get(dialer('')))).dropMessage).toBeNull();
    await refused(bed.team.agent.post(dialer('/drop-voicemail')), /no drop message chosen/);
    const row = await q(`select status, disposition from calls where id = $1`, [call.callId]);
    expect(row.rows[0]).toMatchObject({ status: 'in-progress', disposition: null });
  });
});
