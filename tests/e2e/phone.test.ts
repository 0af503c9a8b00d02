import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import type { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { screenshotDir, signInPage, watchPage } from '../support/browser';
import { simulatorOnManualClock, startAppAndBrowser } from '../support/e2e-setup';
import { seedCallData } from '../support/call-fixture';
import { insertLeads } from '../support/dialer-fixture';
import { seedLeadData, type LeadDataIds } from '../support/lead-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';

// A shift on a phone (390×844, touch) and the same on a 1280×800 desktop: the agent works leads by tapping only (and,
// on the desktop, by keyboard), the manager opens every app page. On each page: the document never pans sideways, the
// page's heading is on the first screen, and axe-core (bundled, injected by the test) finds nothing critical or serious.

// Tuesday 2030-01-08 16:00 UTC: 11:00 in New York.
const START = new Date('2030-01-08T16:00:00Z');
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

let app: TestApp;
let browser: Browser;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;
let leadData: LeadDataIds;
let callId: string;
let phoneCampaignId: string;

beforeAll(async () => {
  const carrier = simulatorOnManualClock(START, { signingKey: 'e2e-phone-signing-key', seed: 7 });
  ({ app, browser } = await startAppAndBrowser(carrier.appOptions));
  ({ scheduler, simulator } = carrier);
  team = await createTeamWithAgent(app, 'Pocket');
  leadData = await seedLeadData(app, team.owner, team.teamId);
  callId = (await seedCallData(app, team.owner, team.teamId)).callId;
});
afterAll(async () => {
  await browser?.close();
  await simulator?.close();
  await app?.stop();
});

/**
 * What the person sees: the viewport, not the full page (a full-page capture resizes the window, which moves the
 * fixed bars and drops the touch media features).
 */
async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

async function elapse(sec: number) {
  scheduler.advanceBy(sec * 1000);
  await simulator.idle();
}

const agentState = (page: Page) => page.getByRole('status', { name: /^Agent state:/ });
const callPhase = (page: Page) => page.getByRole('status', { name: /^Call / });
async function stateIs(page: Page, label: string) {
  await expect
    .poll(() => agentState(page).getAttribute('aria-label'), { timeout: 15_000 })
    .toBe(`Agent state: ${label}`);
}
/** A key acts only once the previous request is done: wait for its button to be enabled again. */
async function canPress(page: Page, button: RegExp) {
  await expect.poll(() => page.getByRole('button', { name: button }).isEnabled(), { timeout: 15_000 }).toBe(true);
}
async function phaseIs(page: Page, phase: string) {
  await expect.poll(() => callPhase(page).getAttribute('aria-label'), { timeout: 15_000 }).toBe(`Call ${phase}`);
}

/**
 * The campaign the agent works, with `names` as fresh leads in New York (inside calling hours at START), each on a
 * simulator test number where a person answers after 5 s and stays on the line.
 */
const NEW_YORK_AREAS = ['212', '646', '718', '917'];
async function campaignWithLeads(name: string, names: string[]) {
  const id = await createCampaign(team.owner, team.teamId, {
    name,
    dialMode: 'preview',
    agentMemberIds: [team.agentMemberId],
    script: 'Hello {{first_name}}, this is {{agent_name}}.',
    recordingDisclosure: 'This call is recorded for quality.',
  });
  await insertLeads(
    app.deps.pool,
    team.teamId,
    id,
    names.map((firstName, i) => ({
      firstName,
      phone: `+1${NEW_YORK_AREAS[i + (names[0] === 'Pia' ? 0 : 2)]}5550100`,
      state: 'NY',
      timezones: ['America/New_York'],
      createdAt: new Date(Date.UTC(2029, 0, 1 + i)),
    })),
  );
  return id;
}

/** The element's box in the viewport, at the current scroll position. */
const boxOf = (l: Locator) =>
  l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
  });

/** Buttons, links styled as buttons, selects and table links on screen that are smaller than a finger (44×44). */
const smallTapTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a.btn, select, .nav__link, td a, .disposition')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(({ el, r }) => `${el.tagName} "${el.textContent?.trim().slice(0, 30)}" ${r.width}×${r.height}`),
  );

/**
 * The checks every app page must pass: loaded, its heading on the first screen, no sideways panning, no critical or
 * serious accessibility finding; then a screenshot.
 */
async function checkPage(page: Page, name: string, heading: string | RegExp, size: 'phone' | 'desktop') {
  const h1 = page.getByRole('heading', { level: 1 });
  await expect.poll(() => h1.first().textContent(), { timeout: 15_000 }).toMatch(heading);
  await expect.poll(() => page.getByText(/^Loading/).count(), { timeout: 15_000 }).toBe(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  const viewport = page.viewportSize()!;
  const box = await boxOf(h1.first());
  expect(box.top, `${name}: heading top`).toBeGreaterThanOrEqual(0);
  expect(box.bottom, `${name}: heading on the first screen`).toBeLessThanOrEqual(viewport.height);
  const widths = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // Named in the failure: the elements that reach past the right edge (outside any box that scrolls them).
    const past = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > client + 0.5)
      .slice(0, 5)
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
    return { scroll: document.documentElement.scrollWidth, client, past };
  });
  expect(widths.scroll, `${name}: the page pans sideways (${widths.past.join('; ')})`).toBeLessThanOrEqual(
    widths.client,
  );
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${name}: accessibility`).toEqual([]);
  if (size === 'phone') expect(await smallTapTargets(page), `${name}: tap targets`).toEqual([]);
  await screenshot(page, `${size}-${name}`);
}

/** On the phone the navigation is behind the Menu button: open it, tap the link, and the drawer closes again. */
async function tapNav(page: Page, label: string) {
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  await menu.tap();
  await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('true');
  await page.getByRole('navigation', { name: 'App' }).getByRole('link', { name: label, exact: true }).tap();
  await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
}

async function newContext(size: 'phone' | 'desktop'): Promise<BrowserContext> {
  return browser.newContext({ baseURL: app.url, ...(size === 'phone' ? PHONE : DESKTOP) });
}

/** Every app page an owner has, with its heading. */
function ownerPages(): [string, string, string | RegExp][] {
  return [
    ['home', '/app', 'Pocket'],
    ['dialer', '/app/dialer', 'Dialer'],
    ['call-log', '/app/calls', 'Call log'],
    ['call', `/app/calls/${callId}`, /^Call/],
    ['campaigns', '/app/campaigns', 'Campaigns'],
    ['campaign-settings', `/app/campaigns/${leadData.campaignId}`, /.+/],
    ['campaign-import', `/app/campaigns/${leadData.campaignId}/import`, /.+/],
    ['import', `/app/imports/${leadData.importId}`, /.+/],
    ['leads', '/app/leads', 'Leads'],
    ['lead', `/app/leads/${leadData.leadId}`, /.+/],
    ['dnc', '/app/dnc', /.+/],
    ['overview', '/app/overview', 'Campaign overview'],
    ['floor', '/app/floor', 'Live floor'],
    ['caller-ids', '/app/caller-ids', /.+/],
    ['profile', '/app/settings/profile', /.+/],
    ['team-settings', '/app/settings/team', /.+/],
    ['members', '/app/settings/members', /.+/],
    ['billing', '/app/settings/billing', /.+/],
    ['sessions', '/app/settings/sessions', /.+/],
    ['security', '/app/settings/security', /.+/],
    ['data-export', '/app/settings/export', /.+/],
    ['reports-agents', '/app/reports', /.+/],
    ['reports-campaigns', '/app/reports/campaigns', /.+/],
    ['reports-caller-ids', '/app/reports/caller-ids', /.+/],
    ['reports-dispositions', '/app/reports/dispositions', /.+/],
    ['compliance', `/app/compliance?campaign=${leadData.campaignId}`, /.+/],
    ['webhooks', '/app/settings/webhooks', /.+/],
    ['api-keys', '/app/settings/api-keys', /.+/],
  ];
}

describe('a shift on a phone (390×844, touch)', () => {
  it('an agent signs in, goes Ready, dials, hangs up, dispositions and takes the next lead by tapping only', async () => {
    phoneCampaignId = await campaignWithLeads('Phone campaign', ['Pia', 'Quinn']);
    const ctx = await newContext('phone');
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await team.agent.loadMe()).user.email);
    await page.goto('/app/dialer');
    await stateIs(page, 'Offline');
    // The navigation waits behind the Menu button; the dialer is the first thing on screen; no keyboard hints.
    expect(await page.getByRole('navigation', { name: 'App' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Keyboard' }).isVisible()).toBe(false);
    await checkPage(page, 'agent-dialer-offline', 'Dialer', 'phone');

    const inReach = async (name: RegExp) => {
      const button = page.getByRole('button', { name });
      const box = await boxOf(button);
      expect(box.bottom, `${name} within the first screen`).toBeLessThanOrEqual(844);
      expect(box.top).toBeGreaterThanOrEqual(844 / 2); // the lower half: thumb reach
      return button;
    };
    await (await inReach(/^Go Ready/)).tap();
    await stateIs(page, 'Ready');
    await (await inReach(/^Next lead/)).tap();
    await expect.poll(() => page.getByRole('heading', { name: 'Pia', exact: true }).count()).toBe(1);
    // The lead and the script come first, above the call controls.
    const lead = await boxOf(page.getByRole('heading', { name: 'Pia', exact: true }));
    expect(lead.bottom).toBeLessThanOrEqual(844);
    await screenshot(page, 'phone-agent-lead');
    await (await inReach(/^Dial/)).tap();
    await phaseIs(page, 'dialing');
    await elapse(5);
    await phaseIs(page, 'connected');
    await screenshot(page, 'phone-agent-connected');
    await (await inReach(/^Hang up/)).tap();
    await simulator.idle();
    await stateIs(page, 'Wrap-up');
    const interested = page.getByRole('radio', { name: /Interested/ });
    await page.locator('label.disposition', { has: interested }).tap();
    await expect.poll(() => interested.isChecked()).toBe(true);
    const disposition = await boxOf(page.locator('label.disposition', { has: interested }));
    expect(disposition.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'phone-agent-wrap-up');
    await (await inReach(/^Save disposition/)).tap();
    await expect.poll(() => page.getByText('Disposition saved.').count()).toBe(1);
    await stateIs(page, 'Ready');
    await (await inReach(/^Next lead/)).tap();
    await expect.poll(() => page.getByRole('heading', { name: 'Quinn', exact: true }).count()).toBe(1);
    await checkPage(page, 'agent-dialer-next-lead', 'Dialer', 'phone');
    // And the agent can stop without a keyboard: Not ready, then Stop dialing.
    await (await inReach(/^Not ready/)).tap();
    await stateIs(page, 'Not ready');
    await (await inReach(/^Stop dialing/)).tap();
    await stateIs(page, 'Offline');
    const saved = await app.deps.pool.query(
      `select c.disposition from calls c join leads l on l.id = c.lead_id where l.first_name = 'Pia'`,
    );
    expect(saved.rows).toEqual([{ disposition: 'interested' }]);
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });

  it('a manager opens leads, call log, overview and members from the menu, and every app page fits the phone', async () => {
    const ctx = await newContext('phone');
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await team.owner.loadMe()).user.email);
    await page.goto('/app');
    await checkPage(page, 'home', 'Pocket', 'phone');
    await screenshot(page, 'phone-menu-closed');
    await page.getByRole('button', { name: 'Menu', exact: true }).tap();
    // The drawer takes focus, and Escape closes it, handing focus back to the Menu button.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('#app-sidebar') !== null)).toBe(true);
    await screenshot(page, 'phone-menu-open');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.includes('Menu') ?? false))
      .toBe(true);

    for (const [label, name, heading] of [
      ['Leads', 'leads', 'Leads'],
      ['Call log', 'call-log', 'Call log'],
      ['Overview', 'overview', 'Campaign overview'],
      ['Members', 'members', /.+/],
    ] as const) {
      await tapNav(page, label);
      await checkPage(page, `menu-${name}`, heading, 'phone');
    }
    // The overview's chart of the call the agent made in the test above (tests in a file run in order): its labels
    // are as large as the page's text, not scaled down with the column.
    await page.goto(`/app/overview?campaign=${phoneCampaignId}`);
    await checkPage(page, 'overview-chart', 'Campaign overview', 'phone');
    const label = page.getByRole('img', { name: /calls by disposition/ }).getByText('Interested');
    expect((await boxOf(label)).height).toBeGreaterThanOrEqual(14);
    expect(await label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(13);
    // Primary actions are on screen without panning.
    await page.goto('/app/calls');
    await checkPage(page, 'call-log', 'Call log', 'phone');
    const exportCsv = await boxOf(
      page.getByRole('link', { name: /Export CSV/ }).or(page.getByRole('button', { name: /Export CSV/ })),
    );
    expect(exportCsv.right).toBeLessThanOrEqual(390);

    for (const [name, url, heading] of ownerPages()) {
      await page.goto(url);
      await checkPage(page, name, heading, 'phone');
    }
    expect(watch.problems([/status of 40[34]/])).toEqual([]);
    await ctx.close();
  }, 240_000);
});

describe('the same shift at 1280×800', () => {
  it('the agent works from the keyboard, with the hints on screen', async () => {
    await campaignWithLeads('Desk campaign', ['Ray', 'Sol']);
    const ctx = await newContext('desktop');
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await team.agent.loadMe()).user.email);
    await page.goto('/app/dialer');
    await stateIs(page, 'Offline');
    expect(await page.getByRole('heading', { name: 'Keyboard' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'App' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Menu', exact: true }).isVisible()).toBe(false);
    await checkPage(page, 'agent-dialer-offline', 'Dialer', 'desktop');
    await page.getByLabel('Campaign').selectOption({ label: 'Desk campaign (preview)' });
    await canPress(page, /^Go Ready/);
    await page.keyboard.press('r');
    await stateIs(page, 'Ready');
    await canPress(page, /^Next lead/);
    await page.keyboard.press('n');
    await expect.poll(() => page.getByRole('heading', { name: 'Ray', exact: true }).count()).toBe(1);
    await canPress(page, /^Dial/);
    await page.keyboard.press('d');
    await phaseIs(page, 'dialing');
    await elapse(5);
    await phaseIs(page, 'connected');
    await canPress(page, /^Hang up/);
    await page.keyboard.press('h');
    await simulator.idle();
    await stateIs(page, 'Wrap-up');
    await canPress(page, /^Save disposition/);
    await page.keyboard.press('1');
    await expect.poll(() => page.getByRole('radio', { name: /Interested/ }).isChecked()).toBe(true);
    await screenshot(page, 'desktop-agent-wrap-up');
    await page.keyboard.press('Enter');
    await stateIs(page, 'Ready');
    await canPress(page, /^Next lead/);
    await page.keyboard.press('n');
    await expect.poll(() => page.getByRole('heading', { name: 'Sol', exact: true }).count()).toBe(1);
    await checkPage(page, 'agent-dialer-next-lead', 'Dialer', 'desktop');
    await canPress(page, /^Not ready/);
    await page.keyboard.press('a');
    await stateIs(page, 'Not ready');
    await canPress(page, /^Stop dialing/);
    await page.keyboard.press('q');
    await stateIs(page, 'Offline');
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });

  it('the manager opens every app page: the sidebar is there, nothing pans, no serious accessibility finding', async () => {
    const ctx = await newContext('desktop');
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await team.owner.loadMe()).user.email);
    for (const [name, url, heading] of ownerPages()) {
      await page.goto(url);
      await checkPage(page, name, heading, 'desktop');
    }
    expect(watch.problems([/status of 40[34]/])).toEqual([]);
    await ctx.close();
  }, 240_000);
});

describe('installable', () => {
  it('links a manifest with icons, and its service worker caches the app shell but never API data', async () => {
    const ctx = await newContext('phone');
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await team.owner.loadMe()).user.email);
    await page.goto('/app');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Pocket');

    // The manifest and every icon it names, from our own origin.
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifestRes = await page.request.get(href!);
    expect(manifestRes.status()).toBe(200);
    expect(manifestRes.headers()['content-type']).toContain('application/manifest+json');
    const manifest = (await manifestRes.json()) as {
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({ start_url: '/app', display: 'standalone' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) {
      const res = await page.request.get(icon.src);
      expect(res.status(), icon.src).toBe(200);
      expect(res.headers()['content-type']).toBe('image/png');
      const [w, h] = icon.sizes.split('x').map(Number);
      const body = await res.body();
      expect([body.readUInt32BE(16), body.readUInt32BE(20)], icon.src).toEqual([w, h]);
    }

    // The worker is served fresh on each visit, under the same CSP as every page.
    const sw = await page.request.get('/sw.js');
    expect(sw.status()).toBe(200);
    expect(sw.headers()['content-type']).toContain('javascript');
    expect(sw.headers()['cache-control']).toBe('no-cache');
    const pageCsp = (await page.request.get('/app')).headers()['content-security-policy'];
    expect(sw.headers()['content-security-policy']).toBe(pageCsp);
    expect(pageCsp).not.toMatch(/https?:/);

    // It takes control of the page, then pages that load API data leave none of it in the cache.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    for (const url of ['/app/leads', '/app/calls', '/app/settings/members']) {
      await page.goto(url);
      await expect.poll(() => page.getByText(/^Loading/).count(), { timeout: 15_000 }).toBe(0);
    }
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const req of await cache.keys()) urls.push(new URL(req.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain('/');
    expect(cached.some((u) => u.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((u) => u.startsWith('/api/') || u.startsWith('/dev/'))).toEqual([]);

    // Offline, the installed app still opens its shell instead of the browser's error page.
    await ctx.setOffline(true);
    await page.goto('/app/calls').catch(() => undefined);
    await expect.poll(() => page.title()).toBe('DialerSeat');
    expect(await page.locator('#root').count()).toBe(1);
    await screenshot(page, 'phone-offline-shell');
    await ctx.setOffline(false);
    expect(watch.problems([/status of 40[34]/, /Failed to fetch|ERR_INTERNET_DISCONNECTED|net::/])).toEqual([]);
    await ctx.close();
  });
});
