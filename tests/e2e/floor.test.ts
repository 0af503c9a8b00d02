import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import type { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { simulatorOnManualClock, startAppAndBrowser } from '../support/e2e-setup';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';
import { ok } from '../support/http-client';

// The live floor in real Chromium: a manager watches the board while an agent (over HTTP) goes Ready, dials a lead on
// the carrier simulator (manual clock), is connected and hangs up; the board follows each step without a reload.
// Then TV mode, a dropped connection that comes back, and the same board on a 390 px phone (a separate test, run
// first: the drop stops this app's realtime hub).

// Tuesday 2030-01-08 16:00 UTC: 11:00 in New York.
const START = new Date('2030-01-08T16:00:00Z');
let app: TestApp;
let browser: Browser;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;
let campaignId: string;

beforeAll(async () => {
  const carrier = simulatorOnManualClock(START, { signingKey: 'e2e-floor-signing-key', seed: 3 });
  ({ app, browser } = await startAppAndBrowser(carrier.appOptions));
  ({ scheduler, simulator } = carrier);
  team = await createTeamWithAgent(app, 'Floorshow');
  campaignId = await createCampaign(team.owner, team.teamId, {
    name: 'Winter roofs',
    dialMode: 'preview',
    agentMemberIds: [team.agentMemberId],
  });
  await insertLeads(app.deps.pool, team.teamId, campaignId, [
    { phone: '+12125550100', firstName: 'Ada', state: 'NY', timezones: ['America/New_York'] },
    { phone: '+12125550171', firstName: 'Bea', state: 'NY', timezones: ['America/New_York'] },
  ]);
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

const dialer = (p: string) => `/api/teams/${team.teamId}/dialer${p}`;
const agentRow = (page: Page) => page.getByRole('row', { name: /Floorshow Agent/ });
const campaignRow = (page: Page) => page.getByRole('row', { name: /Winter roofs/ });
const cell = (page: Page, n: number) => agentRow(page).getByRole('cell').nth(n);

async function agentStateIs(page: Page, label: string) {
  await expect.poll(() => cell(page, 0).textContent(), { timeout: 15_000 }).toBe(label);
}

describe('the live floor in the browser', () => {
  it('fits a 390 px phone, in TV mode too', async () => {
    const ctx = await browser.newContext({
      baseURL: app.url,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await team.owner.loadMe()).user.email);
    await page.goto('/app/floor');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await agentRow(page).waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'floor-07-phone');
    await page.goto('/app/floor?tv=1');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await agentRow(page).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'floor-08-tv-phone');
    expect(watch.problems()).toEqual([]);

    // An agent who opens the address gets a word on who may see it, and the page asks the server for nothing.
    const agentPage = await ctx.newPage();
    const asked: string[] = [];
    agentPage.on('request', (r) => {
      if (/^\/api\/teams\/[^/]+\/(floor|events)/.test(new URL(r.url()).pathname)) asked.push(r.url());
    });
    await ctx.clearCookies();
    await signInPage(agentPage, (await team.agent.loadMe()).user.email);
    await agentPage.goto('/app/floor');
    await agentPage.getByRole('heading', { name: 'For owners and admins' }).waitFor();
    expect(asked).toEqual([]);
    await ctx.close();
  });

  it('follows a call as it connects on the simulator, in TV mode, and across a dropped connection', async () => {
    // Service workers off: requests a service worker forwards would bypass the test's network routes.
    const ctx = await browser.newContext({
      baseURL: app.url,
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
    });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await team.owner.loadMe()).user.email);
    await page.goto('/app');
    await page.getByRole('navigation', { name: 'App' }).getByRole('link', { name: 'Floor' }).click();
    await page.getByRole('heading', { name: 'Live floor' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await agentStateIs(page, 'Offline');
    await expect.poll(() => campaignRow(page).getByRole('cell').nth(2).textContent()).toBe('2');
    await screenshot(page, 'floor-01-offline-desktop');

    await ok(team.agent.post(dialer('/ready'), { campaignId }));
    await agentStateIs(page, 'Ready');
    await ok(team.agent.post(dialer('/next')));
    const dialed = await ok(team.agent.post(dialer('/dial')));
    const callId = (dialed.call as { id: string }).id;
    await agentStateIs(page, 'Dialing');
    await expect.poll(() => campaignRow(page).getByRole('cell').first().textContent()).toBe('1');

    // The callee answers on the simulator: the board shows the agent on the call, with the call's timer.
    await elapse(6);
    await agentStateIs(page, 'On call');
    await expect.poll(() => cell(page, 2).textContent()).toMatch(/^\d+:\d\d$/);
    await screenshot(page, 'floor-02-on-call-desktop');

    await elapse(20);
    await ok(team.agent.post(`/api/teams/${team.teamId}/calls/${callId}/hang-up`));
    await simulator.idle();
    await agentStateIs(page, 'Wrap-up');
    await expect.poll(() => cell(page, 3).textContent()).toBe('1');
    await expect.poll(() => cell(page, 4).textContent()).toBe('1');
    await expect.poll(() => campaignRow(page).getByRole('cell').first().textContent()).toBe('0');

    // TV mode: no sidebar, large type, the parameter kept in the address.
    await page.getByRole('link', { name: 'TV mode' }).click();
    await page.waitForURL(/\/app\/floor\?tv=1$/);
    await page.getByRole('link', { name: 'Leave TV mode' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'App' }).count()).toBe(0);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await agentStateIs(page, 'Wrap-up');
    await screenshot(page, 'floor-03-tv-desktop');

    // The connection drops: the server ends the stream (as an instance going away does) and the network refuses the
    // browser's attempts to reconnect for a while. The board says so, and catches up with what it missed once back.
    await page.route('**/events?floor=1', (route) => route.abort('internetdisconnected'));
    await app.deps.realtime.stop();
    await page.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'floor-04-tv-reconnecting-desktop');
    await ok(team.agent.post(dialer('/disposition'), { callId, disposition: 'interested' }));
    await page.unroute('**/events?floor=1');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 40_000 });
    await agentStateIs(page, 'Ready');
    expect(page.url()).toMatch(/\?tv=1$/);
    await screenshot(page, 'floor-05-tv-back-desktop');

    // The login session ends (signed out elsewhere, or expired) and the stream drops: the board stops claiming to be
    // live and offers to sign in again, back into TV mode.
    const ownerId = (await team.owner.loadMe()).user.id;
    await app.deps.pool.query('delete from sessions where user_id = $1', [ownerId]);
    await app.deps.realtime.stop();
    await page.getByRole('status').filter({ hasText: 'Signed out' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'floor-06-tv-signed-out-desktop');
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fapp%2Ffloor%3Ftv%3D1$/);

    expect(watch.problems([/net::ERR_/, /status of 401/])).toEqual([]);
    await ctx.close();
  }, 120_000);
});
