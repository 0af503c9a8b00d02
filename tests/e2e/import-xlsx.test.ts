import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import { TestClient, uniqueEmail } from '../support/http-client';
import { createCampaign } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';

// An Excel workbook with two sheets through the import page: the user picks the second sheet.
let app: TestApp;
let browser: Browser;
let owner: TestClient;
let email: string;
let teamId: string;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
  email = uniqueEmail('xlsx');
  owner = new TestClient(app.url);
  await owner.signUp({ name: 'Wanda Workbook', email, teamName: 'Workbooks' });
  teamId = (await owner.loadMe()).teams[0]!.id;
});
afterAll(() => stopAppAndBrowser(app, browser));

async function twoSheets(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const old = wb.addWorksheet('Last year');
  old.addRow(['Name', 'Phone']);
  old.addRow(['Old Lead', 4155550101]);
  const now = wb.addWorksheet('This year');
  now.addRow(['Name', 'Phone', 'City']);
  now.addRow(['Ann Lee', 4155550102, { formula: '"Oak"&"land"', result: 'Oakland' }]);
  now.addRow(['Bo Chan', 4155550103, 'Fresno']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('an .xlsx through the import page', () => {
  it('asks which sheet when there are several, and imports the one chosen', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, email);
    const campaignId = await createCampaign(owner, teamId, { name: 'From Excel' });
    await page.goto(`/app/campaigns/${campaignId}/import`);
    await page.setInputFiles('#csv-file', {
      name: 'leads.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await twoSheets(),
    });
    const sheet = page.getByLabel('Which one holds the leads?');
    await sheet.waitFor();
    expect(await sheet.inputValue()).toBe('Last year');
    await screenshot(page, 'import-xlsx-1-sheet-choice');
    await sheet.selectOption('This year');
    await page.getByRole('button', { name: 'Continue with this sheet' }).click();
    await page.waitForURL('**/app/imports/*');
    await page.getByRole('button', { name: 'Import all rows' }).waitFor();
    await screenshot(page, 'import-xlsx-2-mapping');
    await page.getByRole('button', { name: 'Import all rows' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'import-xlsx-3-report');
    const rows = (
      await app.deps.pool.query('select first_name, phone, city from leads where campaign_id = $1 order by phone', [
        campaignId,
      ])
    ).rows;
    expect(rows).toEqual([
      { first_name: 'Ann', phone: '+14155550102', city: 'Oakland' },
      { first_name: 'Bo', phone: '+14155550103', city: 'Fresno' },
    ]);
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  }, 90_000);
});
