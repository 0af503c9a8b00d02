import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import type { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { startWebhookWorker } from '../../src/jobs/webhook-worker';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { simulatorOnManualClock, startAppAndBrowser } from '../support/e2e-setup';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { ok } from '../support/http-client';

// An admin adds a webhook endpoint (a local receiver) on the settings page; an agent's call on the carrier simulator
// completes and is dispositioned with a callback; the signed events arrive in order, show in the endpoint's delivery
// log with their response codes, and a replay from the log arrives again. A screenshot per state.

// Tuesday 2030-01-08 16:00 UTC: 11:00 in New York.
const START = new Date('2030-01-08T16:00:00Z');
let app: TestApp;
let browser: Browser;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let worker: ReturnType<typeof startWebhookWorker>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const carrier = simulatorOnManualClock(START, { signingKey: 'e2e-webhooks-signing-key', seed: 7 });
  // No cron jobs on the manual clock; the webhook worker alone is started below.
  ({ app, browser } = await startAppAndBrowser(carrier.appOptions));
  ({ scheduler, simulator } = carrier);
  worker = startWebhookWorker(app.deps, { pollMs: 50 });
  team = await createTeamWithAgent(app, 'Hooks');
});
afterAll(async () => {
  await worker?.stop();
  await browser?.close();
  await simulator?.close();
  await app?.stop();
  await receiver?.close();
});

async function elapse(sec: number) {
  scheduler.advanceBy(sec * 1000);
  await simulator.idle();
}

describe('outbound webhooks in the browser', () => {
  it('adds an endpoint, logs the completed call with its response code and replays it', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await team.owner.loadMe()).user.email);
    await page.goto('/app/settings/webhooks');
    await expect.poll(() => page.getByText('No endpoints yet.').count()).toBe(1);

    // Inline validation first: a URL that is not one.
    await page.getByLabel('Endpoint URL').fill('crm.example.com');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => page.getByText(/Enter a full http:\/\/ or https:\/\/ address/).count()).toBe(1);
    await screenshot(page, 'webhooks-01-invalid-url');

    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel(/call\.dispositioned/).check();
    await page.getByLabel(/callback\.scheduled/).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretBox = page.getByLabel('Signing secret');
    await expect.poll(() => secretBox.count()).toBe(1);
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, 'webhooks-02-secret-shown-once');

    // The agent's call: Ready, next lead, dial, answered, hang up.
    const campaignId = await createCampaign(team.owner, team.teamId, {
      name: 'Hooked campaign',
      dialMode: 'preview',
      agentMemberIds: [team.agentMemberId],
    });
    await insertLeads(app.deps.pool, team.teamId, campaignId, [
      { phone: '+12125550177', firstName: 'Grace', state: 'NY', timezones: ['America/New_York'] },
    ]);
    const dialer = (p: string) => `/api/teams/${team.teamId}/dialer${p}`;
    await ok(team.agent.post(dialer('/ready'), { campaignId }));
    await ok(team.agent.post(dialer('/next')));
    const callId = (await ok(team.agent.post(dialer('/dial')))).call.id as string;
    await elapse(1);
    await elapse(5);
    await elapse(20);
    await ok(team.agent.post(`/api/teams/${team.teamId}/calls/${callId}/hang-up`));
    await simulator.idle();
    await expect.poll(async () => (await ok(team.agent.get(dialer('')))).state).toBe('wrap_up');
    await ok(
      team.agent.post(dialer('/disposition'), {
        callId,
        disposition: 'callback',
        callback: { local: '2030-01-08T14:00', zone: 'America/New_York' },
      }),
    );

    // One lead's events, in the order they happened.
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(3);
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual([
      'call.completed',
      'call.dispositioned',
      'callback.scheduled',
    ]);
    const hit = receiver.received[0]!;
    // Signed with the secret shown once (the app's clock is in 2030, so the signature is recomputed with the
    // library at the header's timestamp instead of verify()'s five-minute freshness check against today).
    const at = new Date(Number(hit.headers['webhook-timestamp']) * 1000);
    expect(at.getTime()).toBeGreaterThanOrEqual(START.getTime());
    expect(hit.headers['webhook-signature']).toBe(new Webhook(secret).sign(hit.headers['webhook-id']!, at, hit.body));
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'call.completed', data: { id: callId, status: 'completed' } });

    await page.getByRole('button', { name: 'Show deliveries' }).click();
    const log = page.getByRole('region', { name: 'Delivery log' });
    await expect
      .poll(async () => {
        await log.getByRole('button', { name: 'Refresh' }).click();
        return log.locator('tr[data-delivery-status="delivered"]').count();
      })
      .toBe(3);
    await expect.poll(() => log.getByRole('cell', { name: '200', exact: true }).count()).toBe(3);
    await screenshot(page, 'webhooks-03-delivery-logged');

    await log.getByRole('row').filter({ hasText: 'call.completed' }).getByRole('button', { name: 'Replay' }).click();
    await expect.poll(() => log.getByText('call.completed queued again.').count()).toBe(1);
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(4);
    expect(receiver.received[3]!.headers['webhook-id']).toBe(hit.headers['webhook-id']);
    await expect
      .poll(async () => {
        await log.getByRole('button', { name: 'Refresh' }).click();
        return log.locator('tr[data-delivery-status="delivered"]').count();
      })
      .toBe(4);
    await expect.poll(() => log.getByText('(replay)').count()).toBe(1);
    await screenshot(page, 'webhooks-04-replayed');
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
