import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepAgentPresence } from '../../src/app/dialer/sweep-agent-presence';
import { SignalWireTelephony } from '../../src/adapters/signalwire/signalwire-telephony';
import { PRESENCE_TIMEOUT_MS } from '../../src/core/dialer/agent-state';
import { insertLeads } from '../support/dialer-fixture';
import { FakeSignalWire } from '../support/fake-signalwire';
import { TestClient, uniqueEmail, ok } from '../support/http-client';
import { createCampaign } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// The agent's browser leg on SignalWire (decision 0014), server side, against the local fake: the fake plays both
// SignalWire's REST API and the agent's browser dialling our cXML resource with the one-time address Ready gave.

let now = new Date('2030-03-01T15:00:00Z');
let fake: FakeSignalWire;
let app: TestApp;

beforeAll(async () => {
  fake = await FakeSignalWire.start({ numbers: [{ phone_number: '+12025550123', friendly_name: 'Main line' }] });
  app = await startTestApp({ clock: { now: () => now }, env: { JOBS_IN_PROCESS: 'false', ...fake.appEnv() } });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

/** A team of its own with a power campaign and, given a phone, one callable New York lead. */
async function browserTeam(name: string, leadPhone?: string) {
  const owner = new TestClient(app.url);
  await owner.signUp({ name: `${name} Owner`, email: uniqueEmail(name.toLowerCase()), teamName: `${name} Team` });
  const teamId = (await owner.loadMe()).teams[0]!.id;
  const campaignId = await createCampaign(owner, teamId, { dialMode: 'power' });
  if (leadPhone)
    await insertLeads(app.deps.pool, teamId, campaignId, [
      { phone: leadPhone, timezones: ['America/New_York'], state: 'NY' },
    ]);
  const api = (path: string) => `/api/teams/${teamId}/dialer${path}`;
  const session = async () =>
    (
      await app.deps.pool.query('select id, line_id, line_sid, line_status from agent_sessions where team_id = $1', [
        teamId,
      ])
    ).rows[0];
  return { owner, teamId, campaignId, api, session };
}

const lastDelivery = (kind: string) => fake.deliveries.filter((d) => d.kind === kind).at(-1)!;
const HANG_UP = '<Response><Hangup/></Response>';

describe("the agent's browser leg on SignalWire", () => {
  it("opens the CSP's connect-src to SignalWire's relay and REST host only, and nothing else", async () => {
    const res = await fetch(`${app.url}/app/dialer`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(directives['connect-src']).toBe("'self' wss://relay.signalwire.com https://fabric.signalwire.com");
    // Everything else stays first-party.
    for (const name of ['default-src', 'script-src', 'style-src', 'font-src', 'base-uri', 'form-action'])
      expect(directives[name]).toBe("'self'");
    expect(csp.replace(directives['connect-src']!, '')).not.toMatch(/(https?|wss?):/);
  });

  it('creates the cXML resource at start-up, and finds it again rather than making another', async () => {
    const requestUrl = `${app.url}/webhooks/signalwire/agent-browser/answer`;
    expect(fake.resources).toEqual([expect.objectContaining({ name: 'dialerseat-agent', requestUrl })]);
    const again = new SignalWireTelephony(fake.adapterOptions());
    expect(await again.ensureAgentResource({ name: 'dialerseat-agent', requestUrl })).toEqual({
      address: '/public/dialerseat-agent',
    });
    expect(fake.resources).toHaveLength(1);
  });

  it('mints a subscriber token and a one-time address on Ready, and the dial joins the agent’s conference', async () => {
    const { owner, campaignId, api, session } = await browserTeam('Browser', '+12125550181');
    const res = await owner.post(api('/ready'), { campaignId, audioKind: 'browser' });
    expect(res.status).toBe(200);
    const { browserLeg, line, state } = res.json;
    const row = await session();
    expect(state).toBe('ready');
    expect(line).toMatchObject({ kind: 'browser', status: 'ringing' });
    expect(browserLeg).toMatchObject({
      token: expect.stringMatching(/^eyJ/),
      dialAddress: `/public/dialerseat-agent?t=${row.line_id}`,
    });
    expect(Number.isNaN(Date.parse(browserLeg.expiresAt))).toBe(false);
    // The token is SignalWire's subscriber token for this agent session; project credentials never leave the server.
    const minted = fake.requests.filter((r) => r.path === '/api/fabric/subscribers/tokens').at(-1)!;
    expect(minted.authorized).toBe(true);
    expect(minted.json).toMatchObject({ reference: row.id });
    for (const secret of [fake.apiToken, fake.signingKey, fake.projectId]) expect(res.text).not.toContain(secret);
    // The shared state (reloads, other tabs, the event stream's refreshes) never carries the token.
    const state2 = await owner.get(api(''));
    expect(state2.text).not.toContain(browserLeg.token);
    expect(state2.json.browserLeg).toBeUndefined();

    // No lead is dialled before the browser is in the conference.
    await ok(owner.post(api('/next')));
    const early = await owner.post(api('/dial'));
    expect(early.status).toBe(409);
    expect(early.json.error.message).toBe('Your browser audio is still connecting: you can dial once it is connected');

    // The browser dials: our handler answers the agent's conference; the participant callback binds the CallSid.
    const sid = await fake.dialResource(browserLeg.dialAddress);
    expect(sid).toBeDefined();
    const answer = lastDelivery('resource');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(`>agent-${row.id}</Conference>`);
    expect(answer.body).toContain('endConferenceOnExit="true"');
    expect(lastDelivery('conference').status).toBe(204);
    expect(await session()).toMatchObject({ line_sid: sid, line_status: 'connected' });
    expect((await ok(owner.get(api('')))).line.status).toBe('connected');

    // SignalWire fetching again for the same dial gets the same answer; the join again changes nothing.
    await fake.dialResource(browserLeg.dialAddress, { callSid: sid });
    expect(lastDelivery('resource').body).toBe(answer.body);
    expect(await session()).toMatchObject({ line_sid: sid, line_status: 'connected' });

    // The nonce replayed by another dial, or made up, or without a valid signature: refused.
    expect(await fake.dialResource(browserLeg.dialAddress)).toBeUndefined();
    expect(lastDelivery('resource').body).toContain(HANG_UP);
    expect(await fake.dialResource('/public/dialerseat-agent?t=0b7f3c2e-3a51-4d7e-9a43-7d1c3c0e9f11')).toBeUndefined();
    expect(lastDelivery('resource').body).toContain(HANG_UP);
    const url = `${app.url}/webhooks/signalwire/agent-browser/answer?${browserLeg.dialAddress.split('?')[1]}`;
    const params = { CallSid: 'CAforged', To: browserLeg.dialAddress };
    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signalwire-signature': 'forged' },
      body: new URLSearchParams(params).toString(),
    });
    expect(forged.status).toBe(403);
    expect(await session()).toMatchObject({ line_sid: sid, line_status: 'connected' });

    // A lead joins the same conference (its participant callbacks do not touch the leg), then Stop ends the leg.
    const dialed = await ok(owner.post(api('/dial')));
    expect(dialed.ok).toBe(true);
    const lead = [...fake.calls.values()].find((c) => c.to === '+12125550181')!;
    await fake.advance(lead.sid, 'in-progress');
    expect(lastDelivery('answer').body).toContain(`>agent-${row.id}</Conference>`);
    await fake.advance(lead.sid, 'completed');
    await ok(
      owner.post(api('/disposition'), { callId: dialed.call.id, disposition: dialed.campaign.dispositions[0].key }),
    );
    await ok(owner.post(api('/pause'), { to: 'offline' }));
    await fake.settled();
    expect(fake.calls.get(sid!)!.status).toBe('completed');
    expect(await session()).toMatchObject({ line_sid: null, line_status: 'none' });
  });

  it('takes the nonce from the dialled address when SignalWire passes it only as To', async () => {
    const { owner, campaignId, api, session } = await browserTeam('ToOnly');
    const { browserLeg } = await ok(owner.post(api('/ready'), { campaignId, audioKind: 'browser' }));
    const sid = await fake.dialResource(browserLeg.dialAddress, { queryOnUrl: false });
    expect(lastDelivery('resource').url).toBe(`${app.url}/webhooks/signalwire/agent-browser/answer`);
    expect(await session()).toMatchObject({ line_sid: sid, line_status: 'connected' });
    await ok(owner.post(api('/pause'), { to: 'offline' }));
  });

  it('stops a ringing lead and puts the agent Not ready when the browser leg drops', async () => {
    const { owner, campaignId, api, session } = await browserTeam('Drop', '+12125550182');
    const { browserLeg } = await ok(owner.post(api('/ready'), { campaignId, audioKind: 'browser' }));
    const sid = (await fake.dialResource(browserLeg.dialAddress))!;
    await ok(owner.post(api('/next')));
    const dialed = await ok(owner.post(api('/dial')));
    const lead = [...fake.calls.values()].find((c) => c.to === '+12125550182')!;
    await fake.advance(lead.sid, 'ringing');

    // The browser leaves the conference (tab closed, network gone): the ringing lead is stopped, never answered
    // into silence; the agent keeps the call to disposition it.
    await fake.advance(sid, 'completed');
    expect(lastDelivery('conference').params.StatusCallbackEvent).toBe('participant-leave');
    await fake.settled();
    expect(fake.calls.get(lead.sid)!.status).toBe('canceled');
    expect((await session()).line_status).toBe('dropped');
    await ok(
      owner.post(api('/disposition'), { callId: dialed.call.id, disposition: dialed.campaign.dispositions[0].key }),
    );

    // Ready again: a new nonce; the old address is refused, the new one connects; dropping now means Not ready.
    const again = await ok(owner.post(api('/ready'), { campaignId, audioKind: 'browser' }));
    expect(again.browserLeg.dialAddress).not.toBe(browserLeg.dialAddress);
    expect(await fake.dialResource(browserLeg.dialAddress)).toBeUndefined();
    const sid2 = (await fake.dialResource(again.browserLeg.dialAddress))!;
    await fake.advance(sid2, 'completed');
    expect(await ok(owner.get(api('')))).toMatchObject({
      state: 'paused',
      note: 'Your browser audio ended: go Ready to reconnect it',
      line: { kind: 'browser', status: 'dropped' },
    });
  });

  it('dials again after a page reload: the old leg is replaced and the agent stays Ready', async () => {
    const { owner, campaignId, api, session } = await browserTeam('Reload');
    const { browserLeg } = await ok(owner.post(api('/ready'), { campaignId, audioKind: 'browser' }));
    const sid = (await fake.dialResource(browserLeg.dialAddress))!;
    expect(await session()).toMatchObject({ line_sid: sid, line_status: 'connected' });

    // The reloaded page asks for a fresh one-time address; the state it reads never carried the old token.
    const res = await owner.post(api('/browser-leg'), {});
    expect(res.status).toBe(200);
    const redial = res.json;
    const row = await session();
    expect(redial).toMatchObject({
      token: expect.stringMatching(/^eyJ/),
      dialAddress: `/public/dialerseat-agent?t=${row.line_id}`,
    });
    expect(redial.dialAddress).not.toBe(browserLeg.dialAddress);
    for (const secret of [fake.apiToken, fake.signingKey, fake.projectId]) expect(res.text).not.toContain(secret);
    // The old leg is hung up; its leave callback names the old nonce and leaves the agent Ready, without a note.
    await fake.settled();
    expect(fake.calls.get(sid)!.status).toBe('completed');
    expect(lastDelivery('conference').params).toMatchObject({ StatusCallbackEvent: 'participant-leave', CallSid: sid });
    expect(await ok(owner.get(api('')))).toMatchObject({ state: 'ready', note: null, line: { status: 'ringing' } });
    // The old address is spent; the new one connects.
    expect(await fake.dialResource(browserLeg.dialAddress)).toBeUndefined();
    const sid2 = (await fake.dialResource(redial.dialAddress))!;
    expect(await session()).toMatchObject({ line_sid: sid2, line_status: 'connected' });
    expect((await ok(owner.get(api('')))).state).toBe('ready');
    await ok(owner.post(api('/pause'), { to: 'offline' }));
  });

  it('renews the browser token for the same agent session, and only while signed on with the browser', async () => {
    const { owner, campaignId, api, session } = await browserTeam('Renew');
    const refused = await owner.post(api('/browser-leg/token'), {});
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toBe('You are not signed on to dial: go Ready first');
    const { browserLeg } = await ok(owner.post(api('/ready'), { campaignId, audioKind: 'browser' }));
    const res = await owner.post(api('/browser-leg/token'), {});
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['expiresAt', 'token']);
    expect(res.json.token).not.toBe(browserLeg.token);
    expect(Number.isNaN(Date.parse(res.json.expiresAt))).toBe(false);
    const minted = fake.requests.filter((r) => r.path === '/api/fabric/subscribers/tokens').at(-1)!;
    expect(minted.json).toMatchObject({ reference: (await session()).id });
    for (const secret of [fake.apiToken, fake.signingKey, fake.projectId]) expect(res.text).not.toContain(secret);

    // On the phone line there is no browser token to renew, nor a browser leg to dial again.
    await ok(owner.post(api('/ready'), { campaignId, audioKind: 'phone', linePhone: '+12025550166' }));
    for (const path of ['/browser-leg/token', '/browser-leg']) {
      const wrong = await owner.post(api(path), {});
      expect(wrong.status).toBe(409);
      expect(wrong.json.error.message).toBe(
        'You talk on another line, not this browser: go Ready with the browser chosen',
      );
    }
    await ok(owner.post(api('/pause'), { to: 'offline' }));
  });

  it('stops a browser asking for new addresses and tokens in a loop', async () => {
    const { owner, campaignId, api } = await browserTeam('Loop');
    await ok(owner.post(api('/ready'), { campaignId, audioKind: 'browser' }));
    for (let i = 0; i < 20; i++) await ok(owner.post(api(i % 2 === 0 ? '/browser-leg' : '/browser-leg/token'), {}));
    const stopped = await owner.post(api('/browser-leg'), {});
    expect(stopped.status).toBe(429);
    expect(stopped.json.error.message).toBe(
      'Your browser asked for its audio connection too often: wait a few minutes, then go Ready again',
    );
    expect((await owner.post(api('/browser-leg/token'), {})).status).toBe(429);
    await ok(owner.post(api('/pause'), { to: 'offline' }));
  });

  it('hangs up the browser leg of an agent whose screen went away', async () => {
    const { owner, campaignId, api, session } = await browserTeam('Gone');
    const { browserLeg } = await ok(owner.post(api('/ready'), { campaignId, audioKind: 'browser' }));
    const sid = (await fake.dialResource(browserLeg.dialAddress))!;
    now = new Date(now.getTime() + PRESENCE_TIMEOUT_MS + 1000);
    expect((await sweepAgentPresence(app.deps)).offline).toBeGreaterThanOrEqual(1);
    await fake.settled();
    expect(fake.calls.get(sid)!.status).toBe('completed');
    expect((await session()).line_status).toBe('none');
  });
});
