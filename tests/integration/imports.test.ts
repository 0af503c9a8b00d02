import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/app/leads/imports/run-import';
import { ImportMovedError, openImportRunConnection } from '../../src/db/queries/import-merge';
import { drainQueue } from '../../src/jobs/runner';
import { jobs } from '../../src/jobs/registry';
import { startTestApp, type TestApp } from '../support/test-app';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { importFile, importJob, uploadFile } from '../support/import-helpers';

let app: TestApp;
let t: TeamFixture;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-imports-'));
/** Upload files still on disk (finished imports delete theirs; refused uploads never keep one). */
const uploadsOnDisk = () =>
  existsSync(path.join(dataDir, 'imports')) ? readdirSync(path.join(dataDir, 'imports')) : [];
beforeAll(async () => {
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false', IMPORT_BATCH_ROWS: '100', DATA_DIR: dataDir } });
  t = await createTeamWithAgent(app, 'Importers');
});
afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const q = async (text: string, params: unknown[] = []) => (await app.deps.pool.query(text, params)).rows;
const leadsIn = (campaignId: string) =>
  q(
    'select phone, alt_phones, first_name, last_name, email, city, custom, timezones, state, tags, notes, status, dnc from leads where campaign_id = $1 order by phone',
    [campaignId],
  );
const countLeads = async (campaignId: string) =>
  (await q('select count(*)::int as n from leads where campaign_id = $1', [campaignId]))[0].n as number;

async function getBytes(pathname: string) {
  const res = await fetch(`${app.url}${pathname}`, { headers: { cookie: t.owner.cookieHeader } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** A phone number of a real, assigned US prefix (San Francisco 415-555 is valid in libphonenumber's data). */
const phone = (i: number) => `(415) 555-${String(i).padStart(4, '0')}`;
const e164 = (i: number) => `+1415555${String(i).padStart(4, '0')}`;

function utf16(text: string, endian: 'le' | 'be', bom = true) {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'be') body.swap16();
  const mark = endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return new Uint8Array([...(bom ? mark : []), ...body]);
}

/** Windows-1252 bytes of a Latin-1-range string (what Excel on Windows writes for "CSV"). */
const cp1252 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

const sample = (d: string) =>
  `First Name${d}Last Name${d}Phone${d}City\r\nJosé${d}Müller${d}${phone(1)}${d}Zürich-on-Sea\r\nZoë${d}Ødegård${d}${phone(2)}${d}Öland\r\n`;

describe('lead import: what the file looks like', () => {
  it('imports a messy file: BOM, semicolons, a quoted newline, a bad phone, a duplicate, an extra column', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const csv =
      '\ufeffFirst Name;Last Name;Phone;E-mail;State;Lead Source\r\n' +
      'Ann;Smith;(415) 555-2671;ann@example.com;CA;"Web\nform"\r\n' +
      'Bob;Jones;212.555.0100;;NY;Referral\r\n' +
      'Cat;Bad;555-12;cat@example.com;TX;Web\r\n' +
      'Ann again;Smith;+1 415 555 2671;;CA;Web\r\n';
    const { upload, import: imp } = await importFile(app, t.owner, t.teamId, campaignId, csv);
    expect(upload.import).toMatchObject({
      encoding: 'utf-8-bom',
      delimiter: ';',
      hasHeader: true,
      rowsTotal: 4,
      status: 'uploaded',
    });
    expect(upload.preview.rows[0].lead).toMatchObject({
      phone: '+14155552671',
      firstName: 'Ann',
      custom: { lead_source: 'Web\nform' },
    });
    expect(upload.preview.rows[2]).toMatchObject({
      lead: null,
      error: { column: 'Phone', reason: 'Phone number too short' },
    });
    expect(imp).toMatchObject({
      status: 'done',
      rowsDone: 4,
      rowsTotal: 4,
      counts: { imported: 2, duplicates: 1, invalid: 1, updated: 0, dnc: 0 },
    });
    expect(imp.progress.percent).toBe(100);
    const leads = await leadsIn(campaignId);
    expect(leads.map((l) => l.phone)).toEqual(['+12125550100', '+14155552671']);
    expect(leads[1]).toMatchObject({
      first_name: 'Ann',
      email: 'ann@example.com',
      state: 'CA',
      timezones: ['America/Los_Angeles'],
      status: 'new',
      dnc: false,
    });

    const rejects = await getBytes(`/api/teams/${t.teamId}/imports/${imp.id}/rejects.csv`);
    expect(rejects.status).toBe(200);
    expect(rejects.headers.get('content-type')).toMatch(/text\/csv/);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(rejects.bytes)).toBe(
      '\ufeffFirst Name;Last Name;Phone;E-mail;State;Lead Source;reason\r\nCat;Bad;555-12;cat@example.com;TX;Web;Phone number too short\r\n',
    );
  });

  it('writes the rejected rows formula-safe, and they import again as uploaded once fixed', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const csv = `Name,Phone,Website\n=cmd,+44 20 7946,"=HYPERLINK(""http://evil.example"",""x"")"\n@Bo,555-01,-2+3\nOk,${phone(721)},x\n`;
    const { import: imp } = await importFile(app, t.owner, t.teamId, campaignId, csv);
    expect(imp.counts).toMatchObject({ imported: 1, invalid: 2 });
    const rejects = await getBytes(`/api/teams/${t.teamId}/imports/${imp.id}/rejects.csv`);
    const text = new TextDecoder().decode(rejects.bytes);
    const lines = text.trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.replace(/,[^,]*$/, ''))).toEqual([
      `'=cmd,'+44 20 7946,"'=HYPERLINK(""http://evil.example"",""x"")"`,
      `'@Bo,555-01,'-2+3`,
    ]);
    for (const line of lines)
      for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
  });

  it.each([
    ['UTF-8 without BOM', new TextEncoder().encode(sample(',')), 'utf-8'],
    ['UTF-8 with BOM', new TextEncoder().encode(`\ufeff${sample(',')}`), 'utf-8-bom'],
    ['UTF-16 LE', utf16(sample(','), 'le'), 'utf-16le'],
    ['UTF-16 BE', utf16(sample(','), 'be'), 'utf-16be'],
    ['UTF-16 LE without BOM', utf16(sample(','), 'le', false), 'utf-16le'],
    ['Windows-1252', cp1252(sample(',')), 'windows-1252'],
  ])('reads %s', async (_label, bytes, encoding) => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const { upload, import: imp } = await importFile(app, t.owner, t.teamId, campaignId, bytes);
    expect(upload.import.encoding).toBe(encoding);
    expect(imp.counts).toMatchObject({ imported: 2, invalid: 0 });
    expect((await leadsIn(campaignId)).map((l) => [l.first_name, l.last_name, l.city])).toEqual([
      ['José', 'Müller', 'Zürich-on-Sea'],
      ['Zoë', 'Ødegård', 'Öland'],
    ]);
  });

  it('reads Windows-1252 whose first accented byte comes after 64 KB of ASCII', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const ascii = Array.from({ length: 2500 }, (_, i) => `Lead${i},Plain,${phone(1000 + i)},Springfield`).join('\r\n');
    const bytes = cp1252(`First Name,Last Name,Phone,City\r\n${ascii}\r\nRenée,Côté,${phone(9000)},Montréal\r\n`);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const { upload, import: imp } = await importFile(app, t.owner, t.teamId, campaignId, bytes);
    expect(upload.import.encoding).toBe('windows-1252');
    expect(imp.counts.imported).toBe(2501);
    expect(
      (
        await q('select first_name, last_name, city from leads where campaign_id = $1 and phone = $2', [
          campaignId,
          e164(9000),
        ])
      )[0],
    ).toEqual({
      first_name: 'Renée',
      last_name: 'Côté',
      city: 'Montréal',
    });
  });

  it.each([
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ])('splits on a %s', async (_label, d) => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const csv = `Name${d}Phone${d}Notes\n"Lee, Ann"${d}${phone(11)}${d}"has ${d} inside"\nBo${d}${phone(12)}${d}plain\n`;
    const { upload, import: imp } = await importFile(app, t.owner, t.teamId, campaignId, csv);
    expect(upload.import.delimiter).toBe(d);
    expect(imp.counts.imported).toBe(2);
    const leads = await leadsIn(campaignId);
    expect(leads.map((l) => [l.first_name, l.last_name, l.notes])).toEqual([
      ['Ann', 'Lee', `has ${d} inside`],
      ['Bo', null, 'plain'],
    ]);
  });

  it('refuses a 0-byte file, a header-only file, an XLSX renamed .csv and binary data, storing nothing', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const before = (await q('select count(*)::int as n from imports'))[0].n;
    const zip = new Uint8Array([
      0x50,
      0x4b,
      0x03,
      0x04,
      20,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      15,
      0,
      0,
      0,
      ...new TextEncoder().encode('xl/workbook.xml'),
    ]);
    const cases: [Uint8Array | string, RegExp][] = [
      ['', /empty/i],
      ['First Name,Last Name,Phone\r\n', /header row but no leads/],
      [zip, /Excel workbook \(\.xlsx\)/],
      [new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /isn't text/],
    ];
    for (const [body, message] of cases) {
      const res = await uploadFile(t.owner, t.teamId, campaignId, body, 'leads.csv');
      expect(res.status).toBe(400);
      expect(res.json.error.message).toMatch(message);
    }
    expect((await q('select count(*)::int as n from imports'))[0].n).toBe(before);
    expect(uploadsOnDisk()).toEqual([]);
    expect(await countLeads(campaignId)).toBe(0);
  });

  it('refuses a file that ends inside a quoted cell, naming the row, before anything is imported', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const res = await uploadFile(
      t.owner,
      t.teamId,
      campaignId,
      `Name,Phone,Notes\nAnn,${phone(21)},ok\nBob,${phone(22)},"cut off here\nand never closed`,
    );
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/row 3/);
    expect(await countLeads(campaignId)).toBe(0);
  });
});

const rows = (from: number, to: number, extra = '') =>
  Array.from({ length: to - from }, (_, k) => `Lead${from + k},Person,${phone(from + k)},${extra}`).join('\n') + '\n';

describe('lead import: dedupe, DNC and crash safety', () => {
  it('finishes a file whose rows end exactly on a batch boundary', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const { import: imp } = await importFile(
      app,
      t.owner,
      t.teamId,
      campaignId,
      `First,Last,Phone\n${rows(4000, 4200)}`,
    );
    expect(imp).toMatchObject({ status: 'done', rowsDone: 200, counts: { imported: 200 } });
  });

  it('adds nothing when the same file is imported again', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const csv = `First,Last,Phone,Notes\n${rows(100, 350)}`;
    const first = await importFile(app, t.owner, t.teamId, campaignId, csv);
    expect(first.import.counts).toMatchObject({ imported: 250, duplicates: 0 });
    const again = await importFile(app, t.owner, t.teamId, campaignId, csv);
    expect(again.import.counts).toMatchObject({ imported: 0, duplicates: 250, updated: 0 });
    expect(await countLeads(campaignId)).toBe(250);
    expect(uploadsOnDisk()).toEqual([]);
  });

  it('fills only the empty fields of existing leads under the fill-empty policy', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    await importFile(
      app,
      t.owner,
      t.teamId,
      campaignId,
      `First,Phone,Email\nAnn,${phone(501)},\n,${phone(502)},bo@example.com\n`,
    );
    const second = `First,Last,Phone,Email,Tags,Plan Tier\nAnnie,Smith,${phone(501)},ann@example.com,vip,West\nBo,Brown,${phone(502)},other@example.com,,\nCy,New,${phone(503)},,,\n`;
    const skip = await importFile(app, t.owner, t.teamId, campaignId, second, { duplicatePolicy: 'skip' });
    expect(skip.import.counts).toMatchObject({ imported: 1, duplicates: 2, updated: 0 });
    const fill = await importFile(app, t.owner, t.teamId, campaignId, second, { duplicatePolicy: 'fill_empty' });
    expect(fill.import.counts).toMatchObject({ imported: 0, updated: 2, duplicates: 1 });
    const byPhone = Object.fromEntries((await leadsIn(campaignId)).map((l) => [l.phone, l]));
    expect(byPhone[e164(501)]).toMatchObject({
      first_name: 'Ann',
      last_name: 'Smith',
      email: 'ann@example.com',
      tags: ['vip'],
      custom: { plan_tier: 'West' },
    });
    expect(byPhone[e164(502)]).toMatchObject({ first_name: 'Bo', last_name: 'Brown', email: 'bo@example.com' });
  });

  it("keeps the team's do-not-call numbers out of the callable leads and counts them", async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    expect((await t.owner.post(`/api/teams/${t.teamId}/dnc`, { phone: '415.555.0602', reason: 'asked' })).status).toBe(
      201,
    );
    const { import: imp } = await importFile(
      app,
      t.owner,
      t.teamId,
      campaignId,
      `First,Phone\nA,${phone(601)}\nB,${phone(602)}\n`,
    );
    expect(imp.counts).toMatchObject({ imported: 1, dnc: 1 });
    expect((await leadsIn(campaignId)).map((l) => [l.phone, l.dnc])).toEqual([
      [e164(601), false],
      [e164(602), true],
    ]);
  });

  it('keeps every phone column: the first valid number is the lead, the others its alternates', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const { upload, import: imp } = await importFile(
      app,
      t.owner,
      t.teamId,
      campaignId,
      `Name,Mobile,Work Phone\nAnn Lee,not given,${phone(701)}\nBo,${phone(702)},${phone(703)}\n`,
    );
    expect(upload.import.mapping.filter((m: { field: string }) => m.field === 'phone')).toHaveLength(2);
    expect(imp.counts.imported).toBe(2);
    expect((await leadsIn(campaignId)).map((l) => [l.phone, l.alt_phones])).toEqual([
      [e164(701), []],
      [e164(702), [e164(703)]],
    ]);
  });

  it('takes the first valid number of a cell holding several, keeps the others, and says so in the report', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const csv = `Name,Phone 1 - Value\nAnn,"${phone(711)} ::: +1 ${phone(712)}"\nBo,"not a number ::: ${phone(713)}"\nCy,${phone(714)}\n`;
    const { import: imp } = await importFile(app, t.owner, t.teamId, campaignId, csv);
    expect(imp.counts).toMatchObject({ imported: 3, invalid: 0, severalPhones: 2 });
    expect((await leadsIn(campaignId)).map((l) => [l.phone, l.alt_phones])).toEqual([
      [e164(711), [e164(712)]],
      [e164(713), []],
      [e164(714), []],
    ]);
  });

  it('flags DNC numbers, numbers already in the campaign and repeats in the preview, before importing', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    await importFile(app, t.owner, t.teamId, campaignId, `Name,Phone\nOld,${phone(811)}\n`);
    expect((await t.owner.post(`/api/teams/${t.teamId}/dnc`, { phone: phone(812), reason: 'asked' })).status).toBe(201);
    const up = await uploadFile(
      t.owner,
      t.teamId,
      campaignId,
      `Name,Phone\nA,${phone(811)}\nB,${phone(812)}\nC,${phone(813)}\nD,+1 ${phone(813)}\nE,12\n`,
    );
    const preview = await t.owner.get(`/api/teams/${t.teamId}/imports/${up.json.import.id}/preview`);
    expect(preview.json.rows.map((r: { flag: string | null; error: unknown }) => [r.flag, r.error !== null])).toEqual([
      ['in_campaign', false],
      ['dnc', false],
      [null, false],
      ['repeated', false],
      [null, true],
    ]);
  });

  it('validates the mapping on start and previews an edited one', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const up = await uploadFile(t.owner, t.teamId, campaignId, `Name,Phone,Tier\nAnn,${phone(801)},gold\n`);
    const id = up.json.import.id;
    const noPhone = up.json.import.mapping.map((m: { field: string; column: number; header: string }) =>
      m.field === 'phone' ? { ...m, field: 'ignore' } : m,
    );
    const bad = await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: noPhone });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/phone/i);
    const edited = up.json.import.mapping.map((m: { header: string }) =>
      m.header === 'Tier' ? { ...m, field: 'tags' } : m,
    );
    const preview = await t.owner.get(
      `/api/teams/${t.teamId}/imports/${id}/preview?mapping=${encodeURIComponent(JSON.stringify(edited))}`,
    );
    expect(preview.json.rows[0].lead).toMatchObject({ tags: ['gold'], custom: {} });
    expect((await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: edited })).status).toBe(202);
    expect((await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: edited })).status).toBe(409);
    await drainQueue(app.jobs!.boss, app.deps, importJob);
  });

  it('survives a failure between batches: nothing of the failed batch is kept, and resuming continues at the cursor', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const csv = `First,Last,Phone,Notes\n${rows(1000, 1950, '"a, quoted\nnote"')}`;
    const up = await uploadFile(t.owner, t.teamId, campaignId, csv);
    const id = up.json.import.id;
    await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: up.json.import.mapping });
    // The worker dies after its third batch (of 100 rows) is committed and while the fourth is in flight.
    const crashed = await runImport(
      app.deps,
      { importId: id },
      {
        afterBatch: (n) => {
          if (n === 3) throw new Error('simulated crash');
        },
      },
    );
    expect(crashed).toMatchObject({ outcome: 'failed', batches: 3 });
    const failed = (await t.owner.get(`/api/teams/${t.teamId}/imports/${id}`)).json;
    expect(failed).toMatchObject({ status: 'failed', rowsDone: 300, counts: { imported: 300 } });
    expect(await countLeads(campaignId)).toBe(300);
    const cursor = (await q('select cursor_byte, cursor_row from imports where id = $1', [id]))[0];
    // The cursor is the byte offset just after row 301 (the header is row 1): what the file holds up to there.
    const upTo =
      csv
        .split('\n')
        .slice(0, 1 + 300 * 2)
        .join('\n') + '\n';
    expect(Number(cursor.cursor_byte)).toBe(Buffer.byteLength(upTo));
    expect(cursor.cursor_row).toBe(301);

    // Any queued copy of the job finds the import failed and leaves it alone …
    await drainQueue(app.jobs!.boss, app.deps, importJob);
    expect(await countLeads(campaignId)).toBe(300);
    // … until someone resumes it.
    expect((await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/resume`)).status).toBe(202);
    await drainQueue(app.jobs!.boss, app.deps, importJob);
    const done = (await t.owner.get(`/api/teams/${t.teamId}/imports/${id}`)).json;
    expect(done).toMatchObject({ status: 'done', rowsDone: 950, counts: { imported: 950, duplicates: 0, invalid: 0 } });
    expect(await countLeads(campaignId)).toBe(950);
    expect(
      (
        await q(`select count(*)::int as n from leads where campaign_id = $1 and notes = 'a, quoted\nnote'`, [
          campaignId,
        ])
      )[0].n,
    ).toBe(950);
  });

  it('resumes an import whose worker vanished mid-run (left "running", lock released) from the housekeeping job', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const up = await uploadFile(t.owner, t.teamId, campaignId, `First,Last,Phone\n${rows(2000, 2420)}`);
    const id = up.json.import.id;
    await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: up.json.import.mapping });
    await runImport(
      app.deps,
      { importId: id },
      {
        afterBatch: (n) => {
          if (n === 2) throw new Error('power cut');
        },
      },
    );
    // What kill -9 leaves behind: the row still says running; the dead session's lock is gone with it.
    await q(`update imports set status = 'running', error = null, finished_at = null where id = $1`, [id]);
    await drainQueue(app.jobs!.boss, app.deps, importJob); // the queued copy was used up by the crashed run
    const housekeeping = jobs.find((j) => j.id === 'import-housekeeping')!;
    await app.jobs!.boss.send(housekeeping.id, {});
    await drainQueue(app.jobs!.boss, app.deps, housekeeping);
    await drainQueue(app.jobs!.boss, app.deps, importJob);
    const done = (await t.owner.get(`/api/teams/${t.teamId}/imports/${id}`)).json;
    expect(done).toMatchObject({ status: 'done', rowsDone: 420, counts: { imported: 420, duplicates: 0 } });
    expect(await countLeads(campaignId)).toBe(420);
  });

  it('keeps nothing of a batch whose cursor no longer matches the import (another worker moved it)', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const up = await uploadFile(t.owner, t.teamId, campaignId, `First,Last,Phone\n${rows(3500, 3510)}`);
    const id = up.json.import.id;
    await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: up.json.import.mapping });
    await q(`update imports set status = 'running', cursor_byte = 500 where id = $1`, [id]);
    const session = (await openImportRunConnection(app.deps.db, {
      importId: id,
      teamId: t.teamId,
      campaignId,
      fillEmpty: false,
    }))!;
    try {
      const lead = {
        rowNumber: 2,
        phone: e164(3500),
        altPhones: [],
        firstName: 'X',
        lastName: null,
        email: null,
        address: null,
        city: null,
        state: null,
        zip: null,
        timezones: [],
        status: 'new',
        tags: [],
        custom: {},
        notes: null,
      };
      const stale = {
        fromByte: 0,
        toByte: 100,
        toRow: 2,
        rows: 1,
        leads: [lead],
        rejects: [],
        duplicatesInBatch: 0,
        severalPhones: 0,
        now: new Date(),
      };
      await expect(session.commitBatch(stale)).rejects.toBeInstanceOf(ImportMovedError);
      expect(await countLeads(campaignId)).toBe(0);
      expect((await q('select cursor_byte, rows_done from imports where id = $1', [id]))[0]).toEqual({
        cursor_byte: '500',
        rows_done: 0,
      });
    } finally {
      await session.release();
    }
    await q(`update imports set status = 'failed' where id = $1`, [id]);
    await drainQueue(app.jobs!.boss, app.deps, importJob);
  });

  it('lets no lead file linger: unstarted uploads expire after a day, failed imports after a week, orphans at once', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const unstarted = (await uploadFile(t.owner, t.teamId, campaignId, `First,Last,Phone\n${rows(5000, 5010)}`)).json
      .import.id;
    const failing = await uploadFile(t.owner, t.teamId, campaignId, `First,Last,Phone\n${rows(5100, 5300)}`);
    await t.owner.post(`/api/teams/${t.teamId}/imports/${failing.json.import.id}/start`, {
      mapping: failing.json.import.mapping,
    });
    await runImport(
      app.deps,
      { importId: failing.json.import.id },
      {
        afterBatch: () => {
          throw new Error('stop');
        },
      },
    );
    await drainQueue(app.jobs!.boss, app.deps, importJob);
    const orphan = (await uploadFile(t.owner, t.teamId, campaignId, `First,Last,Phone\n${rows(5400, 5410)}`)).json
      .import.id;
    await q('delete from imports where id = $1', [orphan]); // what deleting the team does to the row
    expect(uploadsOnDisk()).toEqual(
      expect.arrayContaining([`${unstarted}.upload`, `${failing.json.import.id}.upload`, `${orphan}.upload`]),
    );

    const housekeeping = jobs.find((j) => j.id === 'import-housekeeping')!;
    const later = { ...app.deps, clock: { now: () => new Date(Date.now() + 8 * 86_400_000) } };
    await app.jobs!.boss.send(housekeeping.id, {});
    await drainQueue(app.jobs!.boss, later, housekeeping);
    expect(uploadsOnDisk()).toEqual([]);
    expect((await q('select status, error from imports where id = $1', [unstarted]))[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/not imported within a day/),
    });
  });

  it('never runs one import twice at once: a second worker finds it locked', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const up = await uploadFile(t.owner, t.teamId, campaignId, `First,Last,Phone\n${rows(3000, 3250)}`);
    const id = up.json.import.id;
    await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: up.json.import.mapping });
    const results = await Promise.all([runImport(app.deps, { importId: id }), runImport(app.deps, { importId: id })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['done', 'skipped']);
    expect(await countLeads(campaignId)).toBe(250);
    await drainQueue(app.jobs!.boss, app.deps, importJob);
  });
});
