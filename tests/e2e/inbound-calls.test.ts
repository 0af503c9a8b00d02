import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import type { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { simulatorOnManualClock, startAppAndBrowser } from '../support/e2e-setup';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';

// A call back in, in real Chromium: an admin rings the team's number from the Caller IDs page's simulator form, the
// Ready agent who called that person yesterday gets the call with the lead on screen; with nobody Ready the caller
// presses 9 and the number shows on the Do-not-call page with how it got there. A screenshot per state.

const START = new Date('2030-01-08T16:00:00Z');
const OUR_NUMBER = '+12025550123';
const GRACE = '+12125550147';
let app: TestApp;
let browser: Browser;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;

beforeAll(async () => {
  const carrier = simulatorOnManualClock(START, {
    signingKey: 'e2e-inbound-signing-key',
    seed: 15,
    routeInboundCalls: true,
  });
  ({ app, browser } = await startAppAndBrowser(carrier.appOptions));
  ({ scheduler, simulator } = carrier);
  team = await createTeamWithAgent(app, 'Callback');
  await team.owner.post(`/api/teams/${team.teamId}/caller-ids/sync`);
});
afterAll(async () => {
  await browser?.close();
  await simulator?.close();
  await app?.stop();
});

async function elapse(sec: number) {
  scheduler.advanceBy(sec * 1000);
  await simulator.idle();
}

const agentState = (page: Page) => page.getByRole('status', { name: /^Agent state:/ });
async function stateIs(page: Page, label: string) {
  await expect
    .poll(() => agentState(page).getAttribute('aria-label'), { timeout: 15_000 })
    .toBe(`Agent state: ${label}`);
}

/** The admin's Caller IDs page rings our number from `from` (the simulator's test form). */
async function ringFromCallerIds(page: Page, from: string, key: string) {
  await page.goto('/app/caller-ids');
  await page.getByRole('heading', { name: 'Test a call in' }).waitFor();
  await page.getByLabel(/Caller.s number/).fill(from);
  await page.getByLabel('Key pressed at the menu').selectOption(key);
  await page.getByRole('button', { name: 'Ring the number' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `${from} is calling ${OUR_NUMBER}.` })
    .waitFor();
  await simulator.idle();
}

describe('a call back in', () => {
  it('rings the Ready agent with the lead loaded; with nobody Ready the caller opts out with 9', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, {
      name: 'Solar follow-up',
      dialMode: 'preview',
      agentMemberIds: [team.agentMemberId],
      safeHarborSeller: 'Acme Solar',
    });
    const [leadId] = await insertLeads(app.deps.pool, team.teamId, campaignId, [
      { phone: GRACE, firstName: 'Grace', state: 'NY', timezones: ['America/New_York'] },
    ]);
    const agentId = (await team.agent.loadMe()).user.id;
    await app.deps.pool.query(
      `insert into calls (team_id, campaign_id, lead_id, agent_id, dialed_number, caller_id, provider, status,
                          status_rank, outcome, queued_at, ended_at, duration_sec, created_at)
       values ($1, $2, $3, $4, $5, $6, 'simulator', 'no-answer', 4, 'no_answer', $7, $7, 0, $7)`,
      [team.teamId, campaignId, leadId, agentId, GRACE, OUR_NUMBER, new Date(START.getTime() - 86_400_000)],
    );

    const agentCtx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    const agent = await agentCtx.newPage();
    const agentWatch = watchPage(agent);
    await signInPage(agent, (await team.agent.loadMe()).user.email);
    await agent.goto('/app/dialer');
    await stateIs(agent, 'Offline');
    await agent.getByLabel('Campaign').selectOption({ label: 'Solar follow-up (preview)' });
    await agent.keyboard.press('r');
    await stateIs(agent, 'Ready');
    await screenshot(agent, 'inbound-01-agent-ready');

    const adminCtx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    const admin = await adminCtx.newPage();
    const adminWatch = watchPage(admin);
    await signInPage(admin, (await team.owner.loadMe()).user.email);
    await ringFromCallerIds(admin, GRACE, '');
    await screenshot(admin, 'inbound-02-test-call-form');

    // The agent's screen: the incoming call, connected, with Grace's lead loaded.
    await agent.getByRole('heading', { name: 'Incoming call' }).waitFor();
    await stateIs(agent, 'On call');
    await expect.poll(() => agent.getByText(`${GRACE} called you back`).count()).toBe(1);
    await expect.poll(() => agent.getByText('Grace').first().isVisible()).toBe(true);
    await screenshot(agent, 'inbound-03-agent-incoming-call');

    // The agent hangs up from the keyboard (a clock jump past the presence timeout would put them Offline).
    await agent.keyboard.press('h');
    await simulator.idle();
    await stateIs(agent, 'Wrap-up');
    await screenshot(agent, 'inbound-04-agent-wrap-up');

    // The agent is in wrap-up, so nobody is Ready: the caller hears the menu and presses 9.
    await ringFromCallerIds(admin, GRACE, '9');
    await elapse(8);
    await admin.goto('/app/dnc');
    await admin.getByRole('cell', { name: GRACE }).waitFor();
    await expect.poll(() => admin.getByRole('cell', { name: 'inbound_opt_out' }).count()).toBe(1);
    await screenshot(admin, 'inbound-05-dnc-opt-out');

    // The call log shows both calls in with their direction.
    await admin.goto('/app/calls');
    await expect.poll(() => admin.getByRole('cell', { name: 'Inbound', exact: true }).count()).toBe(2);
    await screenshot(admin, 'inbound-06-call-log');

    expect(agentWatch.problems()).toEqual([]);
    expect(adminWatch.problems()).toEqual([]);
    await agentCtx.close();
    await adminCtx.close();
  });
});
