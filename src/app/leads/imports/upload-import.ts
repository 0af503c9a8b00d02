import { isUtf8 } from 'node:buffer';
import { AppError } from '../../../core/errors';
import { CsvRecordReader, isBlankRecord } from '../../../core/imports/csv-reader';
import { decoderLabel, type CsvEncoding } from '../../../core/imports/encoding';
import { cleanCell } from '../../../core/imports/rows';
import { UploadScanner } from '../../../core/imports/upload-scan';
import { proposeMapping, sniffCsv, type ColumnMapping, type CsvDelimiter } from '../../../core/leads';
import type { TeamScope } from '../../../core/teams/scope';
import { findTeamCampaign } from '../../../db/queries/campaigns';
import { deleteImport, insertImport, updateImport, type ImportRow } from '../../../db/queries/imports';
import type { AppDeps } from '../../deps';
import { scanXlsx, xlsxRows } from './xlsx-rows';
import { hasZipEnd, xlsxHeaderNames, ZIP_TAIL_BYTES } from '../../../core/imports/xlsx-cells';

const SNIFF_BYTES = 64 * 1024;
const HEAD_BYTES = 512 * 1024;
const PREVIEW_RECORDS = 21; // the header and 20 rows
const MAX_RECORD_CHARS = 1 << 20;

export type UploadInput = {
  campaignId: string;
  fileName: string;
  /** Content-Length, when the client sent one. */
  declaredBytes: number | null;
  /** For a workbook with several sheets: the one to import (default: the first with data). */
  sheet?: string | null;
  body: ReadableStream<Uint8Array> | null;
};

export type UploadResult =
  | { ok: true; import: ImportRow }
  | { ok: false; reason: 'too_large' | 'not_csv' | 'unsupported' | 'interrupted'; message: string };

/** Carries a multi-byte UTF-8 sequence cut by a chunk boundary over to the next chunk. */
class Utf8Check {
  valid = true;
  private carry: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): void {
    if (!this.valid) return;
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = incompleteTail(bytes);
    this.carry = bytes.slice(bytes.length - cut);
    if (!isUtf8(bytes.subarray(0, bytes.length - cut))) this.valid = false;
  }

  finish(): boolean {
    return this.valid && this.carry.length === 0;
  }
}

/** Bytes at the end that start a UTF-8 sequence the chunk does not complete (0–3). */
function incompleteTail(b: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const c = b[b.length - back]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Streams an uploaded lead file to storage, checking it on the way: the first 64 KB must look like
 * a delimited text file, the whole file must stay under the size limit and end outside a quoted
 * cell. Nothing touches the leads here; the import starts when the user confirms the mapping.
 */
export async function uploadImport(deps: AppDeps, scope: TeamScope, input: UploadInput): Promise<UploadResult> {
  const max = deps.imports.maxFileBytes;
  const tooLarge = (): UploadResult => ({
    ok: false,
    reason: 'too_large',
    message: `The file is larger than the ${mb(max)} limit. Split it into smaller files and upload each.`,
  });
  if (input.declaredBytes !== null && input.declaredBytes > max) return tooLarge();
  const campaign = await findTeamCampaign(deps.db, scope, input.campaignId);
  if (!campaign) throw new AppError('not_found', 'No such campaign');
  if (campaign.archivedAt)
    throw new AppError('invalid_state', 'This campaign is archived; restore it before importing leads');

  const imp = await insertImport(deps.db, scope, {
    campaignId: campaign.id,
    fileName: input.fileName,
    fileSize: input.declaredBytes ?? 0,
  });
  const writer = await deps.importFiles.create(imp.id);
  const discard = async (result: UploadResult) => {
    await writer.abort();
    await deleteImport(deps.db, imp.id);
    return result;
  };

  const reader = input.body?.getReader() ?? null;
  let total = 0;
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  let sniffed: { encoding: CsvEncoding; delimiter: CsvDelimiter; hasHeader: boolean } | null = null;
  let scanner: UploadScanner | null = null;
  // A workbook is stored as it comes and read with the workbook reader once complete.
  let workbook = false;
  let tail = new Uint8Array(0);
  const utf8 = new Utf8Check();

  const consume = async (chunk: Uint8Array) => {
    await writer.write(chunk);
    if (workbook) {
      const joined = Buffer.concat([tail, chunk]);
      tail = joined.subarray(Math.max(0, joined.length - ZIP_TAIL_BYTES));
      return;
    }
    scanner!.push(chunk);
    if (sniffed!.encoding !== 'utf-16le' && sniffed!.encoding !== 'utf-16be') utf8.push(chunk);
  };

  try {
    for (;;) {
      let chunk: Uint8Array | null = null;
      if (reader) {
        const r = await reader.read();
        if (r.done) ended = true;
        else chunk = r.value;
      } else ended = true;
      if (chunk) {
        total += chunk.length;
        // Checked as bytes arrive: a client may send more than it declared, or declare nothing.
        if (total > max) {
          await reader?.cancel().catch(() => {});
          return await discard(tooLarge());
        }
      }
      if (sniffed === null) {
        if (chunk) {
          head.push(chunk);
          headBytes += chunk.length;
        }
        if (headBytes < SNIFF_BYTES && !ended) continue;
        const first = Buffer.concat(head);
        const verdict = sniffCsv(first, { isWholeFile: ended });
        if (verdict.kind === 'rejected' && verdict.reason === 'xlsx') {
          workbook = true;
          sniffed = { encoding: 'utf-8', delimiter: ',', hasHeader: true };
          await consume(first);
          head = [];
          if (ended) break;
          continue;
        }
        if (verdict.kind === 'rejected' && verdict.reason === 'xls') {
          await reader?.cancel().catch(() => {});
          return await discard({ ok: false, reason: 'unsupported', message: LEGACY_XLS_MESSAGE });
        }
        if (verdict.kind === 'rejected') {
          await reader?.cancel().catch(() => {});
          return await discard({ ok: false, reason: 'not_csv', message: verdict.message });
        }
        sniffed = verdict;
        const utf16 = verdict.encoding === 'utf-16le' || verdict.encoding === 'utf-16be' ? verdict.encoding : null;
        scanner = new UploadScanner({ delimiter: verdict.delimiter, utf16, maxRecordUnits: MAX_RECORD_CHARS });
        await consume(first);
        head = [];
      } else if (chunk) {
        await consume(chunk);
      }
      if (ended) break;
    }
  } catch (err) {
    // The client went away mid-upload (or the disk failed): keep no partial file, and say so on the import.
    deps.log.warn(
      { importId: imp.id, bytes: total, err: err instanceof Error ? err.message : String(err) },
      'import upload interrupted',
    );
    await writer.abort().catch(() => {});
    await updateImport(deps.db, imp.id, {
      status: 'failed',
      fileSize: total,
      error: `The upload was interrupted after ${mb(total)}; nothing was imported. Upload the file again.`,
      finishedAt: deps.clock.now(),
    });
    return { ok: false, reason: 'interrupted', message: 'The upload was interrupted; nothing was imported.' };
  }

  await writer.close();
  if (workbook) return finishWorkbook(deps, imp, total, hasZipEnd(tail), input.sheet ?? null, discard);
  const scan = scanner!.finish();
  let encoding = sniffed!.encoding;
  if ((encoding === 'utf-8' || encoding === 'utf-8-bom') && !utf8.finish()) {
    // Megabytes of ASCII can come before the first Windows-1252 "é": the whole file decides.
    if (encoding === 'utf-8-bom')
      return discard({
        ok: false,
        reason: 'not_csv',
        message:
          'The file starts as UTF-8 but contains bytes that are not UTF-8. Save it again as "CSV UTF-8" and upload it.',
      });
    encoding = 'windows-1252';
  }
  if (scan.openQuoteAtRecord !== null)
    return discard({
      ok: false,
      reason: 'not_csv',
      message: `The file ends inside a quoted cell that starts on row ${scan.openQuoteAtRecord}: it is cut off or a " is not closed. Fix that row and upload again; nothing was imported.`,
    });
  if (scan.tooLongAtRecord !== null)
    return discard({
      ok: false,
      reason: 'not_csv',
      message: `Row ${scan.tooLongAtRecord} is over 1 MB long, which usually means a " is not closed. Fix that row and upload again.`,
    });
  const dataRows = scan.contentRecords - (sniffed!.hasHeader ? 1 : 0);
  if (dataRows <= 0)
    return discard({
      ok: false,
      reason: 'not_csv',
      message: sniffed!.hasHeader ? 'The file has a header row but no leads.' : 'The file is empty.',
    });

  const sample = await readSample(deps, imp.id, encoding, sniffed!.delimiter);
  const headers = sniffed!.hasHeader ? (sample[0] ?? []) : [];
  const rows = sniffed!.hasHeader ? sample.slice(1) : sample;
  const mapping: ColumnMapping[] = proposeMapping(headers, rows);
  const updated = await updateImport(deps.db, imp.id, {
    status: 'uploaded',
    fileSize: total,
    encoding,
    delimiter: sniffed!.delimiter,
    hasHeader: sniffed!.hasHeader,
    headers,
    mapping: mapping as unknown as Record<string, unknown>[],
    rowsTotal: dataRows,
  });
  return { ok: true, import: updated! };
}

const LEGACY_XLS_MESSAGE =
  'This is an old Excel workbook (.xls), which we cannot read. Open it in Excel, save it as "Excel Workbook (.xlsx)" or CSV, and upload that file.';

/** A stored workbook: pick the sheet, take its first row as headers and propose a mapping. */
async function finishWorkbook(
  deps: AppDeps,
  imp: ImportRow,
  total: number,
  complete: boolean,
  wanted: string | null,
  discard: (r: UploadResult) => Promise<UploadResult>,
): Promise<UploadResult> {
  const damaged: UploadResult = {
    ok: false,
    reason: 'not_csv',
    message:
      'This Excel workbook (.xlsx) could not be read; it may be damaged or cut off. Open it in Excel, save it again and upload it.',
  };
  if (!complete) return discard(damaged);
  let scan;
  try {
    scan = await scanXlsx(deps, imp.id, PREVIEW_RECORDS);
  } catch (err) {
    deps.log.warn({ importId: imp.id, err: err instanceof Error ? err.message : String(err) }, 'unreadable workbook');
    return discard(damaged);
  }
  const withData = scan.sheets.filter((s) => s.rows > 0);
  const sheet = wanted === null ? withData[0] : scan.sheets.find((s) => s.name === wanted);
  if (!sheet) {
    const names = withData.map((s) => `"${s.name}"`).join(', ');
    return discard({
      ok: false,
      reason: 'not_csv',
      message:
        wanted === null
          ? 'The workbook has no rows on any sheet.'
          : `The workbook has no sheet called "${wanted}" with rows. Choose one of: ${names || 'none'}.`,
    });
  }
  const sample = scan.samples.get(sheet.name) ?? [];
  const headers = xlsxHeaderNames(sample[0] ?? []);
  if (sheet.rows <= 1)
    return discard({
      ok: false,
      reason: 'not_csv',
      message: `The sheet "${sheet.name}" has a header row but no leads.`,
    });
  const mapping: ColumnMapping[] = proposeMapping(headers, sample.slice(1));
  const updated = await updateImport(deps.db, imp.id, {
    status: 'uploaded',
    fileSize: total,
    format: 'xlsx',
    sheet: sheet.name,
    sheets: withData,
    // The rows are read as text; rejected rows are kept as comma-separated text.
    encoding: 'utf-8',
    delimiter: ',',
    hasHeader: true,
    headers,
    mapping: mapping as unknown as Record<string, unknown>[],
    rowsTotal: sheet.rows - 1,
  });
  return { ok: true, import: updated! };
}

/** The first rows of one sheet of a stored workbook, header first, cells cleaned. */
export async function readXlsxSample(
  deps: Pick<AppDeps, 'importFiles'>,
  importId: string,
  sheet: string,
  limit = PREVIEW_RECORDS,
): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of xlsxRows(deps, importId)) {
    if (r.sheet !== sheet) continue;
    out.push(r.cells.map(cleanCell));
    if (out.length >= limit) break;
  }
  if (out[0]) out[0] = xlsxHeaderNames(out[0]);
  return out;
}

/** The first records of a stored upload (blank ones skipped), decoded and split, cells cleaned. */
export async function readSample(
  deps: Pick<AppDeps, 'importFiles'>,
  importId: string,
  encoding: CsvEncoding,
  delimiter: string,
  limit = PREVIEW_RECORDS,
): Promise<string[][]> {
  const bytes = await deps.importFiles.head(importId, HEAD_BYTES);
  const reader = new CsvRecordReader(delimiter);
  reader.feed(new TextDecoder(decoderLabel(encoding)).decode(bytes, { stream: true }));
  const out: string[][] = [];
  for (let r = reader.next(); r !== null && out.length < limit; r = reader.next()) {
    if (!isBlankRecord(r.cells)) out.push(r.cells.map(cleanCell));
  }
  if (out.length < limit && bytes.length < HEAD_BYTES) {
    // The whole file was read: its last line may have no line break.
    reader.finish();
    for (let r = reader.next(); r !== null && out.length < limit; r = reader.next())
      if (!isBlankRecord(r.cells)) out.push(r.cells.map(cleanCell));
  }
  return out;
}
