import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import { TestClient, uniqueEmail } from '../support/http-client';
import type { TestApp } from '../support/test-app';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
});
afterAll(() => stopAppAndBrowser(app, browser));

describe('confirming the e-mail address in the browser', () => {
  it('asks on the profile page, sends the link again, and confirms through the e-mailed link', async () => {
    const email = uniqueEmail('e2e-verify');
    await new TestClient(app.url).signUp({ name: 'Vera Verify', email });
    const ctx = await browser.newContext({ baseURL: app.url });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, email);

    await page.goto('/app/settings/profile');
    const notice = page.getByRole('region', { name: 'Confirm your e-mail address' });
    await expect.poll(() => notice.count()).toBe(1);
    await notice.getByRole('button', { name: 'Send the link again' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sent.' }).count()).toBe(1);
    await screenshot(page, 'verify-01-profile');

    const messages = (await new TestClient(app.url).get('/api/dev/mail')).json.messages as {
      toAddress: string;
      subject: string;
      text: string;
    }[];
    const mails = messages.filter((m) => m.toAddress === email && m.subject.startsWith('Confirm your e-mail address'));
    expect(mails).toHaveLength(2);
    const link = /(https?:\/\/\S+\/verify-email\?token=\S+)/.exec(mails[0]!.text)![1]!;
    await page.goto(new URL(link).pathname + new URL(link).search);
    await expect.poll(() => page.getByText('Your e-mail address is confirmed.').count()).toBe(1);
    await screenshot(page, 'verify-02-confirmed');

    await page.goto('/app/settings/profile');
    await expect.poll(() => page.getByText('Your sign-in address (confirmed).').count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Confirm your e-mail address' }).count()).toBe(0);
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
