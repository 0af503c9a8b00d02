import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import { TestClient, uniqueEmail } from '../support/http-client';
import { createCampaign } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';

// The four shapes a new team's lead files come in, each through the import page as a person would use it.
let app: TestApp;
let browser: Browser;
let owner: TestClient;
let email: string;
let teamId: string;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
  email = uniqueEmail('shapes');
  owner = new TestClient(app.url);
  await owner.signUp({ name: 'Fenna Files', email, teamName: 'File Shapes' });
  teamId = (await owner.loadMe()).teams[0]!.id;
});
afterAll(() => stopAppAndBrowser(app, browser));

// Excel "CSV (semicolon)" from a German installation: Windows-1252 bytes, German headers.
const windows1252 = Buffer.from(
  'Vorname;Nachname;Telefon;E-Mail;Straße;PLZ;Ort;Bundesland\r\n' +
    'Jürgen;Müller;(415) 555-0101;juergen@example.de;Hauptstraße 5;94103;San Francisco;CA\r\n' +
    'Zoë;Größe;212-555-0102;zoe@example.de;Königsallee 1;10001;New York;NY\r\n' +
    'Søren;Åberg;312.555.0103;soren@example.de;Marktplatz 3;60601;Chicago;IL\r\n' +
    'Kein;Telefon;12;kein@example.de;Weg 1;73301;Austin;TX\r\n',
  'latin1', // the same bytes as Windows-1252 for every character used here
);

// A CRM export: UTF-8 with a BOM, commas, formula-looking cells, a repeated number.
const crm =
  '\ufeffFirst Name,Last Name,Phone,Email,Website\r\n' +
  'Ann,Lee,+1 415 555 0201,ann@example.com,"=HYPERLINK(""http://evil.example"",""x"")"\r\n' +
  '@Bo,Li,+1 415 555 0202,bo@example.com,+cmd\r\n' +
  'Cy,Ng,=1+2,cy@example.com,\r\n' +
  'Ann,Lee again,(415) 555-0201,ann2@example.com,\r\n' +
  'Di,Ro,415-555-0203,di@example.com,-x\r\n';

// Excel "Unicode text": UTF-16 LE with a BOM, tab-separated.
const unicodeText = Buffer.concat([
  Buffer.from([0xff, 0xfe]),
  Buffer.from(
    'Name\tPhone\tCity\r\nŁukasz Wójcik\t(646) 555-0301\tBrooklyn\r\nÓlafur Arnalds\t646.555.0302\tQueens\r\nΈλενα Παππά\t646 555 0303\tAstoria\r\n',
    'utf16le',
  ),
]);

// A contacts-app export: every number of a contact in one cell, joined by " ::: ".
const contacts =
  'Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\n' +
  'Ada Byron,Ada,Byron,ada@example.com,Mobile,(206) 837-5431 ::: +1 202 555 0147\n' +
  'Bea Cole,Bea,Cole,bea@example.com,Work,+1 206 555 0402\n' +
  'Cal Dunn,Cal,Dunn,cal@example.com,Mobile,not given ::: 206-555-0403 ::: 206-555-0404\n' +
  'Dee Eve,Dee,Eve,dee@example.com,Home,206.555.0405\n';

async function importThroughPage(
  page: Page,
  campaignName: string,
  fileName: string,
  content: Buffer | string,
  shot: string,
) {
  const campaignId = await createCampaign(owner, teamId, { name: campaignName });
  await page.goto(`/app/campaigns/${campaignId}/import`);
  await page.setInputFiles('#csv-file', {
    name: fileName,
    mimeType: 'text/csv',
    buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
  });
  await page.waitForURL('**/app/imports/*');
  await page.getByRole('button', { name: 'Import all rows' }).waitFor();
  // The mapping table fits the window (it scrolls inside itself), and its Result column is in view.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  expect(await page.getByRole('columnheader', { name: 'Result' }).isVisible()).toBe(true);
  await screenshot(page, `${shot}-mapping`);
  await page.getByRole('button', { name: 'Import all rows' }).click();
  await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 30_000 });
  await screenshot(page, `${shot}-report`);
  const value = async (label: string) =>
    Number(await page.locator('.report div', { hasText: label }).locator('dd').textContent());
  return {
    campaignId,
    counts: {
      imported: await value('Imported'),
      duplicates: await value('Duplicates'),
      invalid: await value('Invalid'),
    },
  };
}

const leadsOf = async (campaignId: string) =>
  (
    await app.deps.pool.query(
      `select first_name, last_name, phone, alt_phones, city, state from leads where campaign_id = $1 order by phone`,
      [campaignId],
    )
  ).rows;

describe('the four lead-file shapes through the import page', () => {
  it('imports each shape with the right report counts', async () => {
    const ctx = await browser.newContext({
      baseURL: app.url,
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, email);

    // 1. Windows-1252, semicolons, German headers: mapped by their names, accents intact, the 2-digit phone rejected.
    const german = await importThroughPage(page, 'German Excel', 'kontakte.csv', windows1252, 'shapes-1-windows-1252');
    expect(german.counts).toEqual({ imported: 3, duplicates: 0, invalid: 1 });
    expect((await leadsOf(german.campaignId)).map((l) => [l.first_name, l.last_name, l.city, l.state])).toEqual([
      ['Zoë', 'Größe', 'New York', 'NY'],
      ['Søren', 'Åberg', 'Chicago', 'IL'],
      ['Jürgen', 'Müller', 'San Francisco', 'CA'],
    ]);

    // 2. UTF-8 BOM CRM export with formula cells: one repeated number, one formula for a phone; the rejects are safe.
    const crmRun = await importThroughPage(page, 'CRM export', 'crm-export.csv', crm, 'shapes-2-crm-bom');
    expect(crmRun.counts).toEqual({ imported: 3, duplicates: 1, invalid: 1 });
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /Download rejected rows/ }).click();
    const rejects = readFileSync(await (await download).path(), 'utf8');
    expect(rejects).toContain(`Cy,Ng,'=1+2,cy@example.com`);
    expect(rejects).not.toMatch(/(^|,)[=+@-]/m);

    // 3. UTF-16 "Unicode text", tab-separated: non-Latin names arrive intact (and search finds them without accents).
    const utf16 = await importThroughPage(page, 'Unicode text', 'leads.txt', unicodeText, 'shapes-3-utf16-tabs');
    expect(utf16.counts).toEqual({ imported: 3, duplicates: 0, invalid: 0 });
    expect((await leadsOf(utf16.campaignId)).map((l) => l.first_name)).toEqual(['Łukasz', 'Ólafur', 'Έλενα']);

    // 4. Contacts-app export: several numbers in one cell give the first valid one, the rest kept, and the report says so.
    const google = await importThroughPage(page, 'Contacts app', 'contacts.csv', contacts, 'shapes-4-contacts');
    expect(google.counts).toEqual({ imported: 4, duplicates: 0, invalid: 0 });
    await expect.poll(() => page.getByText(/2 rows had several numbers in one phone cell/).count()).toBe(1);
    expect((await leadsOf(google.campaignId)).map((l) => [l.phone, l.alt_phones])).toEqual([
      ['+12065550402', []],
      ['+12065550403', ['+12065550404']],
      ['+12065550405', []],
      ['+12068375431', ['+12025550147']],
    ]);

    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
