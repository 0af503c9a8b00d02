import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paceCampaign } from '../../src/app/dialer/pace-campaign';
import { PACER_RING_TIMEOUT_SECONDS } from '../../src/core/dialer/pacer';
import { FakeSignalWire } from '../support/fake-signalwire';
import { insertLeads, insertUsers } from '../support/dialer-fixture';
import { TestClient, uniqueEmail } from '../support/http-client';
import { createCampaign } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// A predictive pacer line as SignalWire receives it (the local fake of its REST API): the ring timeout, AMD as the
// campaign asks, our answer URL — whose cXML bridges the callee into a Ready agent's conference, or, with nobody
// free, reads the safe-harbor message and hangs up.

const now = new Date('2030-03-01T16:00:00Z'); // 11:00 in New York
let fake: FakeSignalWire;
let app: TestApp;
let teamId: string;
let campaignId: string;
const sessions: string[] = [];

beforeAll(async () => {
  fake = await FakeSignalWire.start({ numbers: [{ phone_number: '+12025550123', friendly_name: 'Main line' }] });
  app = await startTestApp({ clock: { now: () => now }, env: { JOBS_IN_PROCESS: 'false', ...fake.appEnv() } });
  const owner = new TestClient(app.url);
  await owner.signUp({ name: 'Pacer Owner', email: uniqueEmail('pacer-wire'), teamName: 'Pacer Wire' });
  teamId = (await owner.loadMe()).teams[0]!.id;
  campaignId = await createCampaign(owner, teamId, {
    dialMode: 'predictive',
    amd: true,
    safeHarborSeller: 'Sunny Roofs',
    safeHarborCallbackNumber: '+14155550134',
  });
  // Two Ready agents whose own lines are connected (a real carrier needs them): the pacer runs progressive.
  for (const userId of await insertUsers(app.deps.pool, 2, 'wire')) {
    const { rows } = await app.deps.pool.query<{ id: string }>(
      `insert into agent_sessions (team_id, user_id, campaign_id, state, since, last_heartbeat, line_status)
       values ($1, $2, $3, 'ready', $4, $4, 'connected') returning id`,
      [teamId, userId, campaignId, now],
    );
    sessions.push(rows[0]!.id);
  }
  await insertLeads(app.deps.pool, teamId, campaignId, [
    { phone: '+12125550171', timezones: ['America/New_York'] },
    { phone: '+12125550172', timezones: ['America/New_York'] },
  ]);
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

describe('a pacer line on SignalWire', () => {
  it('carries the ring timeout, AMD and our answer URL; the answer bridges to an agent or plays the message', async () => {
    const r = await paceCampaign(app.deps, { teamId, campaignId, holder: 'wire-test' });
    expect(r).toMatchObject({ kind: 'paced', mode: 'progressive', placed: 2 });
    const { rows: lines } = await app.deps.pool.query<{ id: string; provider_sid: string }>(
      `select id, provider_sid from calls where campaign_id = $1 order by created_at, id`,
      [campaignId],
    );
    expect(lines).toHaveLength(2);
    const base = `${app.url}/webhooks/signalwire`;
    for (const line of lines) {
      const created = fake.requests.find(
        (q) => q.path.endsWith('/Calls.json') && q.form.Url?.[0] === `${base}/answer?callId=${line.id}`,
      )!;
      expect(created).toBeDefined();
      expect(Number(created.form.Timeout?.[0])).toBe(PACER_RING_TIMEOUT_SECONDS);
      expect(PACER_RING_TIMEOUT_SECONDS).toBeGreaterThanOrEqual(15);
      expect(created.form.MachineDetection).toEqual(['Enable']);
      expect(created.form.AsyncAmd).toEqual(['true']);
      expect(created.form.AsyncAmdStatusCallback).toEqual([`${base}/amd?callId=${line.id}`]);
    }

    // A person answers the first line: the longest-waiting Ready agent's conference.
    await fake.advance(lines[0]!.provider_sid, 'in-progress');
    const bridged = fake.deliveries.findLast((d) => d.kind === 'answer')!;
    expect(bridged.status).toBe(200);
    expect(bridged.body).toContain('<Conference');
    expect(bridged.body).toMatch(new RegExp(`agent-(${sessions.join('|')})`));

    // Nobody else is free when the second person answers: the safe-harbor message, then the hang-up.
    await app.deps.pool.query(`update agent_sessions set state = 'paused' where campaign_id = $1 and call_id is null`, [
      campaignId,
    ]);
    await fake.advance(lines[1]!.provider_sid, 'in-progress');
    const message = fake.deliveries.findLast((d) => d.kind === 'answer')!;
    expect(message.body).toContain('<Say');
    expect(message.body).toContain('Sunny Roofs');
    expect(message.body).toContain('<Hangup');
    expect(message.body).not.toContain('<Conference');
  });
});
