import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderCall } from '../../src/app/telephony/start-provider-call';
import { waitingAgentSession } from '../support/agent-session-fixture';
import { insertLeads } from '../support/dialer-fixture';
import { smallWav, uploadDropAudio } from '../support/drop-audio-fixture';
import { FakeSignalWire } from '../support/fake-signalwire';
import { TestClient, uniqueEmail } from '../support/http-client';
import { createCampaign } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// Voicemail drop against the local fake of SignalWire's REST API: what the provider is asked for (AMD that waits
// for the end of the greeting), the redirect when the machine beeps, and the drop document it then fetches.
const now = new Date('2030-03-01T15:00:00Z');
let fake: FakeSignalWire;
let app: TestApp;
let owner: TestClient;
let teamId: string;
let ownerId: string;

beforeAll(async () => {
  fake = await FakeSignalWire.start({ numbers: [{ phone_number: '+12025550123', friendly_name: 'Main line' }] });
  app = await startTestApp({ clock: { now: () => now }, env: { JOBS_IN_PROCESS: 'false', ...fake.appEnv() } });
  owner = new TestClient(app.url);
  await owner.signUp({ name: 'Drop Owner', email: uniqueEmail('drop-wire'), teamName: 'Drop Wire' });
  const me = await owner.loadMe();
  teamId = me.teams[0]!.id;
  ownerId = me.user.id;
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const library = (campaignId: string) => `/api/teams/${teamId}/campaigns/${campaignId}/drop-messages`;

async function placeTo(campaignId: string, phone: string) {
  const [leadId] = await insertLeads(app.deps.pool, teamId, campaignId, [{ phone }]);
  const agentSessionId = await waitingAgentSession(app.deps.pool, teamId, ownerId);
  const before = fake.requests.length;
  const result = await startProviderCall(app.deps, {
    teamId,
    campaignId,
    leadId: leadId!,
    agentId: ownerId,
    agentSessionId,
    to: phone,
    record: false,
    amd: true,
  });
  if (!result.ok) throw new Error(result.message);
  const created = fake.requests.slice(before).find((r) => r.method === 'POST' && r.path.endsWith('/Calls.json'))!;
  const { rows } = await app.deps.pool.query('select provider_sid from calls where id = $1', [result.call.id]);
  return { callId: result.call.id, sid: rows[0].provider_sid as string, form: created.form };
}

async function machineBeeps(sid: string) {
  await fake.advance(sid, 'ringing');
  await fake.advance(sid, 'in-progress');
  await fake.detectMachine(sid, 'machine_end_beep');
  await fake.settled();
}

describe('voicemail drop on SignalWire', () => {
  it('asks for AMD with message-end detection, redirects the machine at its beep and serves the <Play> of the chosen recording', async () => {
    const campaignId = await createCampaign(owner, teamId, { amd: true });
    const wav = smallWav(400);
    const up = await uploadDropAudio(owner, teamId, campaignId, wav, 'Wire drop');
    expect(up.status).toBe(201);
    expect((await owner.request('PUT', `${library(campaignId)}/chosen`, { messageId: up.json.id })).status).toBe(200);

    const { callId, sid, form } = await placeTo(campaignId, '+14155552671');
    const base = `${app.url}/webhooks/signalwire`;
    expect(form.MachineDetection).toEqual(['DetectMessageEnd']);
    expect(form.AsyncAmd).toEqual(['true']);
    expect(form.AsyncAmdStatusCallback).toEqual([`${base}/amd?callId=${callId}`]);

    const before = fake.requests.length;
    await machineBeeps(sid);
    const redirect = fake.requests
      .slice(before)
      .find((r) => r.method === 'POST' && r.path.endsWith(`/Calls/${sid}.json`))!;
    expect(redirect.authorized).toBe(true);
    expect(redirect.form.Url).toEqual([`${base}/voicemail-drop?callId=${callId}`]);
    expect(redirect.form.Status).toBeUndefined();

    const doc = fake.deliveries.find((d) => d.kind === 'redirect' && d.url.includes(callId))!;
    expect(doc.status).toBe(200);
    const play = /^<\?xml[^>]*\?><Response><Play>([^<]+)<\/Play><Hangup\/><\/Response>$/.exec(doc.body);
    expect(play, doc.body).not.toBeNull();
    const audioUrl = play![1]!.replace(/&amp;/g, '&');
    expect(audioUrl).toMatch(new RegExp(`^${base}/voicemail-drop/[0-9a-f-]{36}/audio\\?token=[\\w-]{43}$`));
    const audio = await fetch(audioUrl);
    expect(audio.status).toBe(200);
    expect(Buffer.from(await audio.arrayBuffer()).equals(wav)).toBe(true);

    const { rows } = await app.deps.pool.query(
      'select message_name, source, played_at from voicemail_drops where call_id = $1',
      [callId],
    );
    expect(rows).toEqual([{ message_name: 'Wire drop', source: 'amd', played_at: now }]);
  });

  it('serves the <Say> of a text message, and asks for plain AMD when the campaign has no drop message', async () => {
    const spoken = await createCampaign(owner, teamId, { amd: true });
    const text = await owner.post(library(spoken), { name: 'Said', text: 'Call Drop Wire back & soon.' });
    await owner.request('PUT', `${library(spoken)}/chosen`, { messageId: text.json.id });
    const said = await placeTo(spoken, '+14155552672');
    await machineBeeps(said.sid);
    const doc = fake.deliveries.find((d) => d.kind === 'redirect' && d.url.includes(said.callId))!;
    expect(doc.body).toContain('<Say>Call Drop Wire back &amp; soon.</Say><Hangup/>');

    const plain = await createCampaign(owner, teamId, { amd: true });
    const quick = await placeTo(plain, '+14155552673');
    expect(quick.form.MachineDetection).toEqual(['Enable']);
  });
});
