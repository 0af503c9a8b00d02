import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/app/leads/imports/run-import';
import { drainQueue } from '../../src/jobs/runner';
import { startTestApp, type TestApp } from '../support/test-app';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { importFile, importJob, uploadFile } from '../support/import-helpers';

let app: TestApp;
let t: TeamFixture;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-xlsx-'));
beforeAll(async () => {
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false', IMPORT_BATCH_ROWS: '1000', DATA_DIR: dataDir } });
  t = await createTeamWithAgent(app, 'Workbooks');
});
afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const q = async (text: string, params: unknown[] = []) => (await app.deps.pool.query(text, params)).rows;
const AREAS = [202, 212, 310, 415, 617];
/** Ten digits of a US number, as Excel keeps a phone typed without "+" or punctuation: a number. */
const phoneNumber = (i: number) => AREAS[i % AREAS.length]! * 1e7 + 5550000 + Math.floor(i / AREAS.length);
const signedUp = (i: number) => new Date(Date.UTC(2026, i % 12, 1 + (i % 28)));
const iso = (d: Date) => d.toISOString().slice(0, 10);

type Lead = { first: string; last: string; phone: number | string; date: Date; city: number };
function corpus(n: number): Lead[] {
  const out: Lead[] = [];
  for (let i = 0; i < n; i++)
    out.push({ first: `F${i}`, last: `L${i}`, phone: phoneNumber(i), date: signedUp(i), city: i % 7 });
  // A bad phone and a repeated one, so the report has rejects and duplicates to compare.
  out[10] = { ...out[10]!, phone: 12345 };
  out[20] = { ...out[20]!, phone: phoneNumber(21) };
  return out;
}

/**
 * A workbook as people send them: an empty cover sheet, then the leads under a merged "Name"
 * header over two columns, numeric phones, real dates and a formula column; then a second sheet.
 */
async function workbook(leads: Lead[]): Promise<Uint8Array> {
  const file = path.join(dataDir, `corpus-${leads.length}.xlsx`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  wb.addWorksheet('Cover').commit();
  const ws = wb.addWorksheet('Leads');
  ws.addRow(['Name', null, 'Phone', 'Signed up', 'City']);
  ws.mergeCells('A1:B1');
  for (const l of leads) {
    const row = ws.addRow([
      l.first,
      l.last,
      l.phone,
      l.date,
      { formula: `"City "&${l.city}`, result: `City ${l.city}` },
    ]);
    row.getCell(4).numFmt = 'dd/mm/yyyy';
    row.commit();
  }
  ws.commit();
  const other = wb.addWorksheet('Old');
  other.addRow(['Phone', 'Company']).commit();
  other.addRow([4155550999, 'Acme']).commit();
  other.addRow(['+1 415 555 0998', 'Initech']).commit();
  other.commit();
  await wb.commit();
  return new Uint8Array(readFileSync(file));
}

/** The same leads as the CSV a user would have exported from the sheet. */
function csvOf(leads: Lead[]): string {
  const lines = ['Name,Column B,Phone,Signed up,City'];
  for (const l of leads) lines.push(`${l.first},${l.last},${l.phone},${iso(l.date)},City ${l.city}`);
  return lines.join('\r\n') + '\r\n';
}

const leadsOf = (campaignId: string) =>
  q('select phone, first_name, last_name, city, custom, status from leads where campaign_id = $1 order by phone', [
    campaignId,
  ]);

async function text(pathname: string) {
  const res = await fetch(`${app.url}${pathname}`, { headers: { cookie: t.owner.cookieHeader } });
  return res.text();
}

async function uploadWithSheet(campaignId: string, body: Uint8Array, sheet: string) {
  const res = await fetch(
    `${app.url}/api/teams/${t.teamId}/campaigns/${campaignId}/imports?sheet=${encodeURIComponent(sheet)}`,
    {
      method: 'POST',
      headers: {
        origin: t.owner.baseUrl,
        cookie: t.owner.cookieHeader,
        'x-csrf-token': t.owner.csrfToken,
        'x-file-name': 'leads.xlsx',
      },
      body: Buffer.from(body),
    },
  );
  return { status: res.status, json: await res.json() };
}

/**
 * The workbook's sheets are offered by name (an unknown choice lists them), and the chosen one, "Old", is the one
 * imported.
 */
async function expectSheetChoice(xlsx: Uint8Array) {
  const campaignId = await createCampaign(t.owner, t.teamId);
  const missing = await uploadWithSheet(campaignId, xlsx, 'Nope');
  expect(missing.status).toBe(400);
  expect(missing.json.error.message).toContain('Choose one of: "Leads", "Old"');

  const up = await uploadWithSheet(campaignId, xlsx, 'Old');
  expect(up.status).toBe(201);
  expect(up.json.import).toMatchObject({ sheet: 'Old', headers: ['Phone', 'Company'], rowsTotal: 2 });
  const id = up.json.import.id;
  expect(
    (await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: up.json.import.mapping })).status,
  ).toBe(202);
  expect(await drainQueue(app.jobs!.boss, app.deps, importJob)).toBe(1);
  // The import's own account first: if it did not finish, its status and error say why.
  const done = await t.owner.get(`/api/teams/${t.teamId}/imports/${id}`);
  expect(done.json).toMatchObject({ status: 'done', sheet: 'Old', error: null });
  expect((await leadsOf(campaignId)).map((l) => l.phone)).toEqual(['+14155550998', '+14155550999']);
}

describe('lead import from an Excel workbook', () => {
  it('imports 50,000 rows with the same leads and report as the CSV of the same sheet', async () => {
    const leads = corpus(50_000);
    const xlsx = await workbook(leads);
    const fromXlsx = await createCampaign(t.owner, t.teamId);
    const fromCsv = await createCampaign(t.owner, t.teamId);

    const a = await importFile(app, t.owner, t.teamId, fromXlsx, xlsx, { fileName: 'leads.xlsx' });
    const b = await importFile(app, t.owner, t.teamId, fromCsv, csvOf(leads));

    // The first sheet with data is chosen; the merged header's second cell gets a usable name.
    expect(a.upload.import).toMatchObject({
      format: 'xlsx',
      sheet: 'Leads',
      sheets: [
        { name: 'Leads', rows: 50_001 },
        { name: 'Old', rows: 3 },
      ],
      headers: ['Name', 'Column B', 'Phone', 'Signed up', 'City'],
      rowsTotal: 50_000,
    });
    expect(a.upload.import.mapping).toEqual(b.upload.import.mapping);
    expect(a.upload.preview.rows[0].cells).toEqual(['F0', 'L0', '2025550000', iso(signedUp(0)), 'City 0']);
    expect(a.import.status).toBe('done');
    expect(a.import.counts).toEqual(b.import.counts);
    expect(a.import.counts).toMatchObject({ imported: 49_998, invalid: 1, duplicates: 1 });
    expect(a.import.rowsDone).toBe(b.import.rowsDone);
    const [xl, cs] = [await leadsOf(fromXlsx), await leadsOf(fromCsv)];
    expect(xl).toHaveLength(49_998);
    expect(xl).toEqual(cs);
    expect(await text(`/api/teams/${t.teamId}/imports/${a.import.id}/rejects.csv`)).toBe(
      await text(`/api/teams/${t.teamId}/imports/${b.import.id}/rejects.csv`),
    );
  }, 240_000);

  it('imports the sheet the user chose, and names the sheets when the choice does not exist', async () => {
    await expectSheetChoice(await workbook(corpus(30)));
  });

  it('names the sheets from the workbook whatever order its parts come in', async () => {
    // Shared strings and relationships first, then the sheets, and the workbook part that names them last: a zip
    // writer may put them in any order, and the streaming reader alone called these sheets "Sheet2" and "Sheet3".
    const parts = unzipSync(await workbook(corpus(30)));
    const first = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml'];
    const rank = (name: string) =>
      first.includes(name)
        ? first.indexOf(name)
        : name.startsWith('xl/worksheets/')
          ? 10
          : name === 'xl/workbook.xml'
            ? 30
            : 20;
    const reordered = zipSync(
      Object.fromEntries(Object.entries(parts).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))),
    );
    expect(Object.keys(unzipSync(reordered)).at(-1)).toBe('xl/workbook.xml');
    await expectSheetChoice(reordered);
  });

  it('resumes after a crash at the sheet row its cursor saved, without duplicates', async () => {
    const xlsx = await workbook(corpus(3_000));
    const campaignId = await createCampaign(t.owner, t.teamId);
    const up = await uploadFile(t.owner, t.teamId, campaignId, xlsx, 'leads.xlsx');
    const id = up.json.import.id;
    await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: up.json.import.mapping });
    const crashed = await runImport(
      app.deps,
      { importId: id },
      {
        afterBatch: (n) => {
          if (n === 2) throw new Error('simulated crash');
        },
      },
    );
    expect(crashed).toMatchObject({ outcome: 'failed', batches: 2 });
    // Two batches of 1,000 rows after the header (sheet row 1): committed up to sheet row 2,001.
    const cursor = (await q('select cursor_byte, cursor_row from imports where id = $1', [id]))[0];
    expect([Number(cursor.cursor_byte), cursor.cursor_row]).toEqual([2001, 2001]);
    expect((await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/resume`)).status).toBe(202);
    await drainQueue(app.jobs!.boss, app.deps, importJob);
    const done = (await t.owner.get(`/api/teams/${t.teamId}/imports/${id}`)).json;
    expect(done).toMatchObject({
      status: 'done',
      rowsDone: 3000,
      counts: { imported: 2998, invalid: 1, duplicates: 1 },
    });
    expect(await leadsOf(campaignId)).toHaveLength(2998);
  });

  it('refuses a cut-off workbook with a message instead of waiting for the rest of the zip', async () => {
    const xlsx = await workbook(corpus(30));
    const campaignId = await createCampaign(t.owner, t.teamId);
    const res = await uploadFile(t.owner, t.teamId, campaignId, xlsx.subarray(0, xlsx.length - 200), 'leads.xlsx');
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/damaged or cut off/);
  });

  it('refuses an old .xls workbook with 415 and says how to save it', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const res = await uploadFile(t.owner, t.teamId, campaignId, ole, 'leads.xls');
    expect(res.status).toBe(415);
    expect(res.json.error.message).toMatch(/save it as "Excel Workbook \(\.xlsx\)" or CSV/);
  });
});
