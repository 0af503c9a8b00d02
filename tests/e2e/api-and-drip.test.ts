import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';

// An admin connects other systems: an API key, then a campaign's lead-drip URL; a vendor posts a lead with fetch
// and it reaches the agent's queue (no reload) and the campaign's delivery log.

const NOW = new Date('2030-01-08T16:00:00Z'); // 11:00 in New York: a 212 number is callable
let app: TestApp;
let browser: Browser;
let team: TeamFixture;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser({ clock: { now: () => NOW }, env: { JOBS_IN_PROCESS: 'false' } }));
  team = await createTeamWithAgent(app, 'Connect');
});
afterAll(() => stopAppAndBrowser(app, browser));

describe('connecting other systems', () => {
  it('creates an API key, turns on a drip URL, and a posted lead reaches the agent and the log', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, {
      name: 'Drip campaign',
      dialMode: 'preview',
      agentMemberIds: [team.agentMemberId],
    });

    // The admin: Settings → API keys.
    const adminCtx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    const admin = await adminCtx.newPage();
    const adminWatch = watchPage(admin);
    await signInPage(admin, (await team.owner.loadMe()).user.email);
    await admin.goto('/app/settings/api-keys');
    await expect.poll(() => admin.getByRole('heading', { name: 'API keys', exact: true }).count()).toBe(1);
    // An empty name is refused in the form itself.
    await admin.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => admin.getByText('Give the key a name').count()).toBe(1);
    await screenshot(admin, 'api-01-key-name-missing');
    await admin.getByLabel('Name').fill('CRM sync');
    await admin.getByLabel('Access').selectOption('read_write');
    await admin.getByRole('button', { name: 'Create key' }).click();
    const secretField = admin.getByLabel('API key', { exact: true });
    await expect.poll(() => secretField.inputValue()).toMatch(/^dsk_/);
    const secret = await secretField.inputValue();
    await expect.poll(() => admin.getByRole('cell', { name: 'CRM sync', exact: true }).count()).toBe(1);
    await screenshot(admin, 'api-02-key-created');
    const viaKey = await fetch(`${app.url}/api/v1/campaigns`, { headers: { authorization: `Bearer ${secret}` } });
    expect(viaKey.status).toBe(200);

    // The campaign's drip URL.
    await admin.goto(`/app/campaigns/${campaignId}`);
    await admin.getByRole('button', { name: 'Turn the drip URL on' }).click();
    const urlField = admin.getByLabel(/Drip URL/);
    await expect.poll(() => urlField.inputValue()).toMatch(/\/ingest\/leads\//);
    const dripUrl = await urlField.inputValue();
    await screenshot(admin, 'api-03-drip-on');

    // The agent is ready with nothing to call.
    const agentCtx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    const agent = await agentCtx.newPage();
    const agentWatch = watchPage(agent);
    await signInPage(agent, (await team.agent.loadMe()).user.email);
    await agent.goto('/app/dialer');
    await agent.getByLabel('Campaign').selectOption({ label: 'Drip campaign (preview)' });
    await agent.keyboard.press('r');
    await expect
      .poll(() => agent.getByRole('status', { name: /^Agent state:/ }).getAttribute('aria-label'))
      .toBe('Agent state: Ready');
    await agent.keyboard.press('n');
    await screenshot(agent, 'api-04-agent-nothing-to-call');

    // A vendor posts a lead, curl-style.
    const posted = await fetch(dripUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        leads: [{ first_name: 'Drew', last_name: 'Ripley', phone: '(212) 555-0188', state: 'NY' }],
      }),
    });
    expect(posted.status).toBe(200);
    expect((await posted.json()).results[0].outcome).toBe('created');

    // The agent's next lead is the posted one, on the same page.
    await agent.keyboard.press('n');
    await expect.poll(() => agent.getByRole('heading', { name: /Drew/ }).count(), { timeout: 15_000 }).toBe(1);
    await screenshot(agent, 'api-05-agent-sees-drip-lead');

    // The delivery log on the campaign.
    await admin.getByRole('button', { name: 'Refresh the log' }).click();
    await expect.poll(() => admin.getByRole('cell', { name: '1 created' }).count()).toBe(1);
    await screenshot(admin, 'api-06-delivery-log');

    expect(adminWatch.problems()).toEqual([]);
    expect(agentWatch.problems()).toEqual([]);
  });
});
