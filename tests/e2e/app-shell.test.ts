import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir, signInPage, watchPage } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import type { TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

let app: TestApp;
let browser: Browser;
let email: string;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
  // An owner sees the longest sidebar (every admin link).
  email = uniqueEmail('shell-owner');
  await new TestClient(app.url).signUp({ name: 'Sidonie Sidebar-Longname', email, teamName: 'Shell Co' });
});
afterAll(() => stopAppAndBrowser(app, browser));

type Box = { top: number; bottom: number; left: number; right: number };
const boxOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el): Box => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    });
const inside = (inner: Box, outer: Box) =>
  inner.top >= outer.top && inner.bottom <= outer.bottom && inner.left >= outer.left && inner.right <= outer.right;

async function viewportShot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

describe('the app shell sidebar', () => {
  it('spans the viewport at 1280×800 on a short and a long page, with the name and Sign out inside it', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, email);
    await page.goto('/app');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Shell Co');
    const check = async () => {
      const aside = await boxOf(page, 'aside.sidebar');
      expect(aside.top).toBeLessThanOrEqual(0);
      expect(aside.bottom).toBeGreaterThanOrEqual(799.5); // (sub-pixel rounding)
      const signOut = await boxOf(page, 'aside.sidebar button:has-text("Sign out")');
      expect(signOut.bottom).toBeLessThanOrEqual(800);
      expect(inside(signOut, aside)).toBe(true);
      expect(inside(await boxOf(page, 'aside.sidebar .sidebar__user'), aside)).toBe(true);
    };
    await check();
    await viewportShot(page, 'shell-1280x800');
    // A page much longer than the window, scrolled to its end: the dark column still covers the viewport.
    await page.evaluate(() => {
      const tall = document.createElement('div');
      tall.style.height = '4000px';
      document.getElementById('main')!.append(tall);
      window.scrollTo(0, document.body.scrollHeight);
    });
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(3000);
    await check();
    await viewportShot(page, 'shell-1280x800-scrolled');
    // Sign out works from there.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/app'));
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });

  it('keeps every link, the name and Sign out behind the Menu button on a 390×844 phone, the page first', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await signInPage(page, email);
    await page.goto('/app');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Shell Co');
    // The page's own heading is near the top; the navigation is folded away.
    expect((await boxOf(page, 'h1')).bottom).toBeLessThan(200);
    expect(await page.locator('aside.sidebar').isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const aside = await boxOf(page, 'aside.sidebar');
    expect(aside.left).toBeLessThanOrEqual(0);
    expect(inside(await boxOf(page, 'aside.sidebar button:has-text("Sign out")'), aside)).toBe(true);
    expect(inside(await boxOf(page, 'aside.sidebar .sidebar__user'), aside)).toBe(true);
    expect(await page.getByRole('navigation', { name: 'App' }).getByRole('link').count()).toBe(19);
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await viewportShot(page, 'shell-390x844-menu');
    // A link closes the drawer and shows its page.
    await page.getByRole('navigation', { name: 'App' }).getByRole('link', { name: 'Leads' }).click();
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Leads');
    expect(await page.locator('aside.sidebar').isVisible()).toBe(false);
    await viewportShot(page, 'shell-390x844');
    await ctx.close();
  });

  it('after deleting a team, lands on a page that says what was deleted', async () => {
    const doomed = uniqueEmail('shell-doomed');
    await new TestClient(app.url).signUp({ name: 'Dora Doomed', email: doomed, teamName: 'Doomed Shell' });
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await signInPage(page, doomed);
    await page.goto('/app/settings/team');
    await page.getByLabel('Type the team name (Doomed Shell) to confirm').fill('Doomed Shell');
    await page.getByLabel('Your password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Delete the team forever' }).click();
    await page.waitForURL('**/deleted');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Doomed Shell was deleted');
    await expect.poll(() => page.getByText(/your account belonged to no other team/i).count()).toBe(1);
    await expect.poll(() => page.getByText('Deleted: 1 membership, 1 account.').count()).toBe(1);
    await viewportShot(page, 'team-deleted');
    await ctx.close();
  });

  it('creates a campaign with its calling hours, retries and the owner as its agent in one step', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await signInPage(page, email);
    await page.goto('/app/campaigns');
    await page.getByLabel('Name', { exact: true }).fill('First push');
    // The script is a placeholder, not text that would be saved.
    expect(await page.getByLabel(/Script/).inputValue()).toBe('');
    await page.getByLabel(/Narrower than the legal/).check();
    await page.getByLabel('Calls from').fill('10:00');
    await page.getByLabel('Calls until').fill('18:00');
    await page.getByLabel('Attempts per lead at most').fill('5');
    await page.getByLabel(/^Me \(/).check();
    await viewportShot(page, 'campaign-create');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'First push' }).count()).toBe(1);
    // The list says how many leads and agents the campaign has: none yet, and the owner.
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'First push' }) });
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).slice(3, 5)).toEqual(['0', '1']);
    await row.scrollIntoViewIfNeeded();
    await viewportShot(page, 'campaigns-list');
    const client = new TestClient(app.url);
    await client.signIn(email);
    const teamId = (await client.loadMe()).teams[0]!.id;
    const list = (await client.get(`/api/teams/${teamId}/campaigns`)).json.campaigns as { id: string; name: string }[];
    const detail = (await client.get(`/api/teams/${teamId}/campaigns/${list.find((c) => c.name === 'First push')!.id}`))
      .json;
    expect(detail).toMatchObject({
      script: '',
      callingWindow: { rule: 'custom', start: '10:00', end: '18:00' },
      retryRules: { maxAttempts: 5 },
    });
    expect(detail.agents.map((a: { email: string }) => a.email)).toEqual([email]);
    await ctx.close();
  });
});
