import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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

// What real exports look like: a BOM, semicolons, a quoted newline, a bad phone, a duplicate, an extra column.
const messy =
  '\ufeffFirst name;Last name;Phone;E-mail;State;Favourite colour\r\n' +
  'Ada;Lovelace;(415) 555-2671;ada@example.com;CA;blue\r\n' +
  'Grace;Hopper;"212-555-0187";grace@example.com;NY;"green\r\nand gold"\r\n' +
  'Bad;Number;555-12;bad@example.com;TX;red\r\n' +
  'Ada again;Lovelace;+1 415 555 2671;ada2@example.com;CA;blue\r\n' +
  'Alan;Turing;312.555.0142;alan@example.com;IL;purple\r\n';

async function upload(page: Page, name: string, content: Buffer | string) {
  await page.setInputFiles('#csv-file', {
    name,
    mimeType: 'text/csv',
    buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
  });
  await page.waitForURL('**/app/imports/*');
  await page.getByRole('button', { name: 'Import all rows' }).waitFor();
}

async function runImport(page: Page) {
  await page.getByRole('button', { name: 'Import all rows' }).click();
  await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 30_000 });
  const value = async (label: string) =>
    Number(await page.locator('.report div', { hasText: label }).locator('dd').textContent());
  return { imported: await value('Imported'), duplicates: await value('Duplicates'), invalid: await value('Invalid') };
}

describe('importing a messy CSV in the browser', () => {
  it('maps, imports with progress, reports, hands back the rejected rows, shows the custom column, and a re-import of the export adds nothing', async () => {
    const ctx = await browser.newContext({
      baseURL: app.url,
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signUpInBrowser(page, { name: 'Ivy Importer', email: uniqueEmail('e2e-import') });

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(() => page.getByText('Name needs at least 2 characters').count()).toBe(1);
    await page.getByLabel('Name', { exact: true }).fill('Spring push');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('link', { name: 'Import CSV' }).click();

    await upload(page, 'messy.csv', messy);
    // The proposed mapping: the extra column becomes a custom field; the preview flags the bad phone and the repeat.
    await expect.poll(() => page.getByLabel('Field for column Favourite colour').inputValue()).toBe('custom');
    await expect.poll(() => page.locator('tr.row--warn').count()).toBe(2);
    await expect.poll(() => page.getByRole('cell', { name: /repeated in this file/ }).count()).toBe(1);
    await screenshot(page, 'import-01-mapping');
    const first = await runImport(page);
    expect(first).toEqual({ imported: 3, duplicates: 1, invalid: 1 });
    await screenshot(page, 'import-02-report');

    const rejectsDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: /Download rejected rows/ }).click();
    const rejects = readFileSync(await (await rejectsDownload).path(), 'utf8');
    expect(rejects).toContain('Bad;Number;555-12;bad@example.com;TX;red');
    expect(rejects.toLowerCase()).toContain('reason');

    await page.getByRole('link', { name: 'See the leads' }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: 'favourite_colour' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('cell', { name: 'purple' }).count()).toBe(1);
    await page.getByRole('searchbox').fill('(415) 555-26');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByRole('searchbox').fill('');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    await screenshot(page, 'import-03-leads');

    const exportDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const exported = readFileSync(await (await exportDownload).path());
    expect(exported.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await upload(page, 'export.csv', exported);
    const again = await runImport(page);
    expect(again.imported).toBe(0);
    expect(again.duplicates).toBe(3);
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
