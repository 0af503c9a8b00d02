import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, watchPage, signUpInBrowser } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import type { TestApp } from '../support/test-app';
import { uniqueEmail } from '../support/http-client';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
});
afterAll(() => stopAppAndBrowser(app, browser));

async function outboxLink(to: string) {
  const res = await fetch(`${app.url}/api/dev/mail`);
  const { messages } = (await res.json()) as { messages: { toAddress: string; text: string }[] };
  const mail = messages.find((m) => m.toAddress === to);
  if (!mail) throw new Error(`no mail to ${to}`);
  return /(https?:\/\/\S+\/invite\/\S+)/.exec(mail.text)![1]!;
}

describe('onboarding a team in the browser', () => {
  it('signs up, invites a teammate who joins as an agent, and gives them member settings once promoted', async () => {
    const ownerCtx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 860 } });
    // Every network request of the session, to prove nothing leaves for a third party (no trackers, fonts, CDNs).
    const requested: string[] = [];
    ownerCtx.on('request', (r) => requested.push(r.url()));
    const owner = await ownerCtx.newPage();
    const ownerWatch = watchPage(owner);

    await owner.goto('/');
    await expect.poll(() => owner.getByRole('heading', { level: 1 }).textContent()).toMatch(/dialer/i);
    await screenshot(owner, '01-landing');

    await owner.getByRole('link', { name: 'Create your team' }).click();
    await owner.getByRole('button', { name: 'Create account' }).click();
    // Inline validation names each field to fix before anything is sent.
    await expect.poll(() => owner.getByText('Enter your name').count()).toBe(1);
    await expect.poll(() => owner.getByText('Use at least 10 characters').count()).toBe(1);
    const ownerEmail = uniqueEmail('e2e-owner');
    await owner.getByLabel('Your name').fill('Octavia Owner');
    await owner.getByLabel('Work e-mail').fill(ownerEmail);
    await owner.getByLabel('Password').fill('a long enough passphrase');
    await owner.getByLabel('Team name (optional)').fill('Octavia Sales');
    await owner.getByLabel(/16 or older/).check();
    await screenshot(owner, '02-sign-up');
    await owner.getByRole('button', { name: 'Create account' }).click();
    await owner.waitForURL('**/app');
    await expect.poll(() => owner.getByRole('heading', { level: 1 }).textContent()).toBe('Octavia Sales');

    await owner.getByRole('link', { name: 'Members' }).click();
    const agentEmail = uniqueEmail('e2e-agent');
    await owner.getByLabel('E-mail to invite').fill(agentEmail);
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => owner.getByRole('status').textContent()).toContain(agentEmail);
    const link = await outboxLink(agentEmail);

    const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    agentCtx.on('request', (r) => requested.push(r.url()));
    const agent = await agentCtx.newPage();
    const agentWatch = watchPage(agent);
    await agent.goto(link);
    await agent.getByRole('link', { name: 'Create an account and join' }).click();
    await expect.poll(() => agent.getByLabel('Work e-mail').inputValue()).toBe(agentEmail);
    await agent.getByLabel('Your name').fill('Arlo Agent');
    await agent.getByLabel('Password').fill('another long passphrase');
    await agent.getByLabel(/16 or older/).check();
    await agent.getByRole('button', { name: 'Create account' }).click();
    await agent.waitForURL('**/app');
    await expect.poll(() => agent.getByRole('heading', { level: 1 }).textContent()).toBe('Octavia Sales');
    expect(await agent.getByRole('link', { name: 'Members' }).count()).toBe(0);
    await agent.goto(`${app.url}/app/settings/members`);
    await expect.poll(() => agent.getByRole('alert').textContent()).toMatch(/admin role/);

    await owner.reload();
    await owner.getByLabel('Role of Arlo Agent').selectOption('admin');
    await expect.poll(() => owner.getByRole('status').textContent()).toContain('Arlo Agent is now admin');
    await screenshot(owner, '03-members');

    await agent.reload();
    await expect.poll(() => agent.getByRole('cell', { name: ownerEmail }).count()).toBe(1);
    expect(await agent.getByRole('link', { name: 'Members' }).count()).toBe(1);

    expect(requested.length).toBeGreaterThan(20);
    expect(requested.filter((u) => !u.startsWith(`${app.url}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(ownerWatch.problems()).toEqual([]);
    expect(agentWatch.problems([/status of 403/])).toEqual([]);
    await ownerCtx.close();
    await agentCtx.close();
  });

  it('remembers the collapsed sidebar in localStorage and shows the legal pages from the footer', async () => {
    const ctx = await browser.newContext({ baseURL: app.url });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signUpInBrowser(page, { name: 'Sid', email: uniqueEmail('e2e-sidebar') });
    await page.getByRole('button', { name: 'Collapse sidebar' }).click();
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Expand sidebar' }).count()).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('dialerseat.sidebar'))).toBe('collapsed');
    expect(await ctx.cookies()).toEqual([expect.objectContaining({ httpOnly: true, sameSite: 'Lax' })]);

    await page.goto('/');
    await page.getByRole('link', { name: 'Privacy policy' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Privacy policy');
    await expect.poll(() => page.getByRole('cell', { name: 'Call recordings' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Terms of service' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Terms of service');
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
