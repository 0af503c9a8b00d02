import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINE_GREETING_SEC } from '../../src/adapters/simulator/simulator-telephony';
import { insertLeads } from '../support/dialer-fixture';
import { smallWav, uploadDropAudio } from '../support/drop-audio-fixture';
import type { TestClient } from '../support/http-client';
import { createCampaign, createTeamWithAgent } from '../support/team-fixture';
import { useSimulatorApp } from '../support/simulator-app';
import { ok } from '../support/http-client';

// Voicemail drop end to end on the carrier simulator (manual clock): the library routes, a machine answer that
// waits for the beep and gets the campaign's message once per lead, and the agent freed at once.

// Tuesday 2030-01-08 16:00 UTC = 11:00 in New York.
const START = new Date('2030-01-08T16:00:00Z');
const bed = useSimulatorApp({ start: START, signingKey: 'drop-test-signing-key', seed: 29, teamName: 'Droppers' });
const { elapse } = bed;

const q = (text: string, values: unknown[] = []) => bed.app.deps.pool.query(text, values);
const library = (campaignId: string) => `/api/teams/${bed.team.teamId}/campaigns/${campaignId}/drop-messages`;
const dialer = (p: string) => `/api/teams/${bed.team.teamId}/dialer${p}`;

async function campaignWith(body: Record<string, unknown> = {}) {
  return createCampaign(bed.team.owner, bed.team.teamId, {
    agentMemberIds: [bed.team.agentMemberId, bed.team.ownerMemberId],
    ...body,
  });
}

async function readyAndDial(agent: TestClient, campaignId: string) {
  await ok(agent.post(dialer('/ready'), { campaignId }));
  await ok(agent.post(dialer('/next')));
  const dialed = await ok(agent.post(dialer('/dial')));
  const callId = dialed.call.id as string;
  const sid = (await q('select provider_sid from calls where id = $1', [callId])).rows[0].provider_sid as string;
  return { callId, sid };
}

describe('the drop library', () => {
  it('takes a WAV checked by its bytes, refuses other files and oversized ones, adds text, chooses, previews, deletes', async () => {
    const campaignId = await campaignWith();
    const wav = smallWav(300);
    const up = await uploadDropAudio(bed.team.owner, bed.team.teamId, campaignId, wav, 'Spring offer.wav');
    expect(up.status).toBe(201);
    expect(up.json).toMatchObject({ name: 'Spring offer', kind: 'audio', contentType: 'audio/wav', chosen: false });
    expect(up.json.sizeBytes).toBe(wav.length);

    // A CSV renamed .wav and sent as audio/wav is still a CSV.
    const fake = await uploadDropAudio(bed.team.owner, bed.team.teamId, campaignId, Buffer.from('a,b\n1,2\n'), 'x.wav');
    expect(fake.status).toBe(415);
    expect(fake.json.error.message).toMatch(/not a WAV or MP3/);
    const big = Buffer.concat([wav, Buffer.alloc(5 * 1024 * 1024)]);
    expect((await uploadDropAudio(bed.team.owner, bed.team.teamId, campaignId, big, 'Long')).status).toBe(413);
    const unnamed = await uploadDropAudio(bed.team.owner, bed.team.teamId, campaignId, wav, '  ');
    expect(unnamed.status).toBe(400);
    expect(unnamed.json.error.fields).toHaveProperty('name');

    const text = await ok(
      bed.team.owner.post(library(campaignId), { name: 'Read aloud', text: 'Hi, this is Droppers. Call us back.' }),
      201,
    );
    expect(text).toMatchObject({ kind: 'tts', text: 'Hi, this is Droppers. Call us back.' });
    expect((await bed.team.owner.post(library(campaignId), { name: 'Empty', text: ' ' })).status).toBe(400);

    const chosen = await ok(bed.team.owner.request('PUT', `${library(campaignId)}/chosen`, { messageId: up.json.id }));
    const byName = (list: { name: string; chosen: boolean }[]) =>
      list.map((m) => [m.name, m.chosen]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byName(chosen.messages)).toEqual([
      ['Read aloud', false],
      ['Spring offer', true],
    ]);
    // Choosing another moves the choice: one chosen message per campaign.
    const moved = await ok(bed.team.owner.request('PUT', `${library(campaignId)}/chosen`, { messageId: text.id }));
    expect(moved.messages.filter((m: { chosen: boolean }) => m.chosen).map((m: { id: string }) => m.id)).toEqual([
      text.id,
    ]);

    const preview = await fetch(`${bed.app.url}${library(campaignId)}/${up.json.id}/audio`, {
      headers: { cookie: bed.team.owner.cookieHeader },
    });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await preview.arrayBuffer()).equals(wav)).toBe(true);
    // Agents do not manage the library.
    expect((await bed.team.agent.get(library(campaignId))).status).toBe(403);

    const file = path.join(bed.app.dataDir, 'drop-audio', `${up.json.id}.upload`);
    expect(existsSync(file)).toBe(true);
    expect((await bed.team.owner.request('DELETE', `${library(campaignId)}/${up.json.id}`)).status).toBe(204);
    expect(existsSync(file)).toBe(false);
    expect((await ok(bed.team.owner.get(library(campaignId)))).messages).toHaveLength(1);
  });
});

describe('a machine answer on a campaign with a drop message', () => {
  it('waits for the beep, plays the recording once per lead, frees the agent at once, and records the drop', async () => {
    const campaignId = await campaignWith({ dialMode: 'progressive', amd: true });
    const wav = smallWav(2000);
    const up = await uploadDropAudio(bed.team.owner, bed.team.teamId, campaignId, wav, 'Callback please');
    await ok(bed.team.owner.request('PUT', `${library(campaignId)}/chosen`, { messageId: up.json.id }));
    const [leadId] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [{ phone: '+19175550101' }]);

    const first = await readyAndDial(bed.team.agent, campaignId);
    await elapse(5); // the machine answers
    // Waiting for the beep: no verdict (and no drop) during the greeting.
    await elapse(MACHINE_GREETING_SEC - 1);
    expect((await ok(bed.team.agent.get(dialer('')))).state).toBe('on_call');
    expect(bed.simulator.callEvents(first.sid)).toEqual([]);
    await elapse(1); // the beep: AMD reports the machine, the call is redirected to the drop
    await bed.simulator.idle();

    const state = await ok(bed.team.agent.get(dialer('')));
    expect(state.state).toBe('ready');
    expect(state.call).toBeNull();
    const events = bed.simulator.callEvents(first.sid);
    expect(events.map((e) => e.kind)).toEqual(['beep', 'play']);
    const play = events[1]!;
    if (play.kind !== 'play') throw new Error('expected a play');
    expect(play).toMatchObject({ status: 200, contentType: 'audio/wav', bytes: wav.length });
    expect(play.atSimMs).toBe(events[0]!.atSimMs);
    // The URL the provider was given works for it alone: without its token, or with another, nothing.
    const url = new URL(play.url);
    expect(url.pathname).toMatch(/^\/webhooks\/signalwire\/voicemail-drop\/[0-9a-f-]{36}\/audio$/);
    expect((await fetch(`${url.origin}${url.pathname}`)).status).toBe(404);
    expect((await fetch(`${url.origin}${url.pathname}?token=${'A'.repeat(43)}`)).status).toBe(404);

    await elapse(2); // the message plays out and the call ends by itself
    const call = await q(
      `select c.status, c.outcome, c.amd_result, c.disposition, d.message_name, d.source, d.played_at, d.drop_message_id
         from calls c join voicemail_drops d on d.call_id = c.id where c.id = $1`,
      [first.callId],
    );
    expect(call.rows[0]).toMatchObject({
      status: 'completed',
      outcome: 'machine',
      amd_result: 'machine',
      disposition: 'voicemail',
      message_name: 'Callback please',
      source: 'amd',
      drop_message_id: up.json.id,
    });
    expect(call.rows[0].played_at).toEqual(new Date(START.getTime() + (5 + MACHINE_GREETING_SEC) * 1000));
    // The call log and its export say which message played, and when.
    const detail = await ok(bed.team.owner.get(`/api/teams/${bed.team.teamId}/call-log/${first.callId}`));
    expect(detail.call ?? detail).toMatchObject({
      voicemailDropMessage: 'Callback please',
      voicemailDropAt: call.rows[0].played_at.toISOString(),
    });
    const csv = await bed.team.owner.get(`/api/teams/${bed.team.teamId}/call-log/export.csv?campaignId=${campaignId}`);
    const [header, row] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const cells = Object.fromEntries(header!.split(',').map((h, i) => [h, row!.split(',')[i]]));
    expect(cells).toMatchObject({
      'Voicemail drop': call.rows[0].played_at.toISOString(),
      'Drop message': 'Callback please',
    });

    // The token outlives neither its 15 minutes …
    await elapse(16 * 60);
    expect((await fetch(play.url)).status).toBe(404);

    // … and the same lead reaching a machine again in this campaign gets no second drop: hung up as before.
    await q(`update leads set status = 'new', next_attempt_at = null where id = $1`, [leadId]);
    const second = await readyAndDial(bed.team.agent, campaignId);
    await elapse(5 + MACHINE_GREETING_SEC);
    await bed.simulator.idle();
    expect(bed.simulator.callEvents(second.sid).map((e) => e.kind)).toEqual(['beep']);
    const again = await q(`select status, disposition from calls where id = $1`, [second.callId]);
    expect(again.rows[0]).toMatchObject({ status: 'completed', disposition: 'voicemail' });
    const drops = await q(`select call_id from voicemail_drops where lead_id = $1`, [leadId]);
    expect(drops.rows).toEqual([{ call_id: first.callId }]);
    await ok(bed.team.agent.post(dialer('/pause'), { to: 'paused' }));
  });

  it('reads a text message aloud, and without a chosen message keeps the old quick hang-up', async () => {
    const campaignId = await campaignWith({ dialMode: 'progressive', amd: true });
    const words = 'Hello from Droppers, please call us back.';
    const text = await ok(bed.team.owner.post(library(campaignId), { name: 'Spoken', text: words }), 201);
    await ok(bed.team.owner.request('PUT', `${library(campaignId)}/chosen`, { messageId: text.id }));
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [{ phone: '+19175550101' }]);
    const spoken = await readyAndDial(bed.team.agent, campaignId);
    await elapse(5 + MACHINE_GREETING_SEC);
    await bed.simulator.idle();
    expect(bed.simulator.callEvents(spoken.sid)).toMatchObject([{ kind: 'beep' }, { kind: 'say', text: words }]);
    await ok(bed.team.agent.post(dialer('/pause'), { to: 'paused' }));

    // No message chosen: AMD does not wait for the beep, and the machine is hung up on within seconds.
    const plain = await campaignWith({ dialMode: 'progressive', amd: true });
    await insertLeads(bed.app.deps.pool, bed.team.teamId, plain, [{ phone: '+19175550101' }]);
    const quick = await readyAndDial(bed.team.agent, plain);
    await elapse(5 + 4);
    await bed.simulator.idle();
    expect(bed.simulator.callEvents(quick.sid)).toEqual([]);
    const row = await q(`select status, disposition from calls where id = $1`, [quick.callId]);
    expect(row.rows[0]).toMatchObject({ status: 'completed', disposition: 'voicemail' });
    await ok(bed.team.agent.post(dialer('/pause'), { to: 'paused' }));
  });
});

describe('deleting the team', () => {
  it('deletes its drop recordings from the file store', async () => {
    const doomed = await createTeamWithAgent(bed.app, 'Doomed');
    const campaignId = await createCampaign(doomed.owner, doomed.teamId, {});
    const up = await uploadDropAudio(doomed.owner, doomed.teamId, campaignId, smallWav(200), 'Doomed drop');
    expect(up.status).toBe(201);
    const file = path.join(bed.app.dataDir, 'drop-audio', `${up.json.id}.upload`);
    expect(existsSync(file)).toBe(true);
    const res = await doomed.owner.post(`/api/teams/${doomed.teamId}/delete`, {
      password: 'correct horse battery staple',
      confirmName: 'Doomed',
    });
    expect(res.status, res.text).toBe(200);
    expect(existsSync(file)).toBe(false);
    const rows = await q('select count(*)::int as n from drop_messages where team_id = $1', [doomed.teamId]);
    expect(rows.rows[0].n).toBe(0);
  });
});
