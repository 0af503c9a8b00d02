import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, watchPage, signUpInBrowser } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import { uniqueEmail } from '../support/http-client';
import type { TestApp } from '../support/test-app';

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
});
afterAll(() => stopAppAndBrowser(app, browser));

describe('managing a campaign and its leads in the browser', () => {
  it('edits campaign settings with errors beside each field, then corrects a lead and shows the change in its history', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signUpInBrowser(page, { name: 'Mona Manager', email: uniqueEmail('e2e-manage') });

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Autumn renewals');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('link', { name: 'Autumn renewals' }).click();
    await page.getByRole('heading', { name: 'Autumn renewals' }).waitFor();

    // A window that starts before 8:00 and a disposition key with spaces are refused beside their fields.
    await page.getByLabel(/A stricter window/).check();
    await page.getByLabel('From (callee’s local time)').fill('07:30');
    await page.getByRole('button', { name: 'Add a disposition' }).click();
    await page.getByLabel('Label 8').fill('Sent brochure');
    await page.getByLabel('Key 8').fill('Sent Brochure');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await expect.poll(() => page.getByText('Calls may not start before 08:00 local time (TCPA)').count()).toBe(1);
    await expect.poll(() => page.getByText('Lower-case letters, digits and _').count()).toBe(1);
    await page.getByLabel('From (callee’s local time)').fill('09:00');
    await page.getByLabel('Key 8').fill('sent_brochure');
    await page.getByLabel('Outcome 8').selectOption('final');
    await page.getByLabel('Attempts per lead at most').fill('5');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await page.getByText('Campaign saved.').waitFor();
    await screenshot(page, 'campaign-01-settings');
    await page.reload();
    await expect.poll(() => page.getByLabel('Key 8').inputValue()).toBe('sent_brochure');
    await expect.poll(() => page.getByLabel('From (callee’s local time)').inputValue()).toBe('09:00');

    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.setInputFiles('#csv-file', {
      name: 'renewals.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Name,Phone,Email,Plan\nRay Renew,(312) 555-0142,ray@example.com,basic\n'),
    });
    await page.waitForURL('**/app/imports/*');
    await page.getByRole('button', { name: 'Import all rows' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'See the leads' }).click();

    await page.getByRole('link', { name: 'Ray Renew' }).click();
    await page.getByRole('heading', { name: 'Ray Renew' }).waitFor();
    await page.getByLabel('E-mail').fill('ray@');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByText('Not a valid e-mail address').count()).toBe(1);
    await page.getByLabel('E-mail').fill('ray.renew@example.com');
    await page.getByLabel('First name').fill('Raymond');
    await page.getByLabel('Tags (comma-separated)').fill('renewal, q4');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    const history = page.getByRole('table', { name: 'Changes to this lead' });
    await expect.poll(() => history.getByRole('row').count()).toBe(4); // header + first name, e-mail, tags
    await expect.poll(() => history.getByRole('cell', { name: 'ray.renew@example.com' }).count()).toBe(1);
    await expect.poll(() => history.getByRole('cell', { name: 'Mona Manager' }).count()).toBe(3);
    await screenshot(page, 'lead-01-history');
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
