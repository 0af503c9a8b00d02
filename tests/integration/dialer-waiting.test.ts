import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// When nothing in a campaign may be called, Next says why and when: leads waiting on calling hours (and the zone
// that opens first), on retry gaps, and at the attempt limit.

// Tuesday 2030-01-08 12:00 UTC: 07:00 in New York, 04:00 in Los Angeles — no US zone is open yet.
const START = new Date('2030-01-08T12:00:00Z');
let app: TestApp;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;

beforeAll(async () => {
  app = await startTestApp({
    clock: { now: () => (scheduler ? scheduler.now() : START) },
    env: { JOBS_IN_PROCESS: 'false' },
    telephony: () => {
      scheduler = new ManualScheduler(START);
      simulator = new SimulatorTelephony({
        signingKey: 'dialer-waiting-signing-key',
        scheduler,
        seed: 17,
        numbers: [{ e164: '+12025550123', friendlyName: 'DC line' }],
      });
      return simulator;
    },
  });
  team = await createTeamWithAgent(app, 'Waiting');
});
afterAll(async () => {
  await simulator?.close();
  await app?.stop();
});

const api = (path: string) => `/api/teams/${team.teamId}/dialer${path}`;

describe('nothing callable right now', () => {
  it('names how many leads wait on calling hours (and the next opening), on retry gaps and at the attempt limit', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, {
      agentMemberIds: [team.agentMemberId],
      retryRules: { maxAttempts: 3, minGapMinutes: { busy: 60, no_answer: 60, voicemail: 60 } },
    });
    const retryAt = new Date(START.getTime() + 3 * 3600_000);
    await insertLeads(app.deps.pool, team.teamId, campaignId, [
      { timezones: ['America/New_York'] },
      { timezones: ['America/New_York'] },
      { timezones: ['America/Los_Angeles'] },
      { timezones: ['America/New_York'], status: 'retry', attempts: 1, nextAttemptAt: retryAt },
      { timezones: ['America/Chicago'], status: 'retry', attempts: 3 },
    ]);
    expect((await team.agent.post(api('/ready'), { campaignId })).status).toBe(200);

    const next = await team.agent.post(api('/next'));
    expect(next.status).toBe(200);
    expect(next.json.exhausted).toBe(true);
    expect(next.json.waiting).toEqual({
      // New York opens first, at 08:00 local.
      hours: { leads: 3, next: { zone: 'America/New_York', at: '2030-01-08T13:00:00.000Z' } },
      retries: { leads: 1, nextAt: retryAt.toISOString() },
      callbacks: { leads: 0, nextAt: null },
      attemptLimit: { leads: 1 },
      other: 0,
    });
    await team.agent.post(api('/pause'), { to: 'offline' });
  });
});
