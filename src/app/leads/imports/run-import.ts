import { sql } from 'drizzle-orm';
import { CsvRecordReader, isBlankRecord, RecordTooLongError } from '../../../core/imports/csv-reader';
import { bomLength, byteLengthIn, decoderLabel, type CsvEncoding } from '../../../core/imports/encoding';
import {
  cleanCell,
  columnMappingSchema,
  storableLead,
  rejectionReason,
  storableRaw,
  UNCLOSED_QUOTE_REASON,
} from '../../../core/imports/rows';
import { normaliseRow, type PhoneCountry } from '../../../core/leads';
import { getImportForJob, updateImport } from '../../../db/queries/imports';
import {
  ImportMovedError,
  openImportRunConnection,
  type BatchInput,
  type StagedLead,
  type StagedReject,
} from '../../../db/queries/import-merge';
import { imports } from '../../../db/schema';
import type { AppDeps } from '../../deps';
import { xlsxRows } from './xlsx-rows';

export type RunImportHooks = {
  /** Called after each committed batch (1-based); a throw here stops the run as a crash would. */
  afterBatch?: (batch: number) => void | Promise<void>;
};

export type RunImportResult = { outcome: 'done' | 'failed' | 'skipped'; batches: number; detail?: string };

type Batch = Omit<BatchInput, 'fromByte' | 'now'>;

/**
 * The import job: streams the stored file from the import's cursor, normalises and validates each
 * row, and commits batches that each merge their leads and advance the cursor in one transaction.
 * Idempotent: a second run of a finished import does nothing, a concurrent run finds the import
 * locked, and a run after a crash continues at the first row not committed.
 */
export async function runImport(
  deps: AppDeps,
  input: { importId: string },
  hooks: RunImportHooks = {},
): Promise<RunImportResult> {
  const imp = await getImportForJob(deps.db, input.importId);
  if (!imp) return { outcome: 'skipped', batches: 0, detail: 'gone' };
  if (imp.status !== 'queued' && imp.status !== 'running')
    return { outcome: 'skipped', batches: 0, detail: imp.status };
  const mapping = columnMappingSchema.parse(imp.mapping);
  const encoding = imp.encoding as CsvEncoding;
  const fillEmpty = (imp.options as { duplicatePolicy?: string }).duplicatePolicy === 'fill_empty';

  const session = await openImportRunConnection(deps.db, {
    importId: imp.id,
    teamId: imp.teamId,
    campaignId: imp.campaignId,
    fillEmpty,
  });
  if (!session) return { outcome: 'skipped', batches: 0, detail: 'another worker holds this import' };
  let batches = 0;
  let rows: AsyncGenerator<Batch> | null = null;
  try {
    const started = deps.clock.now();
    const running = await updateImport(
      deps.db,
      imp.id,
      {
        status: 'running',
        startedAt: imp.startedAt ?? started,
        runStartedAt: started,
        runStartRows: imp.rowsDone,
        runStartByte: imp.cursorByte,
        heartbeatAt: started,
        error: null,
      },
      ['queued', 'running'],
    );
    if (!running) return { outcome: 'skipped', batches: 0, detail: 'no longer queued' };

    const normalise = makeNormaliser(deps, mapping, imp.defaultCountry as PhoneCountry);
    rows =
      imp.format === 'xlsx'
        ? readXlsxBatches(deps, {
            importId: imp.id,
            sheet: imp.sheet ?? '',
            afterSheetRow: imp.cursorByte,
            batchRows: deps.imports.batchRows,
            normalise,
          })
        : readBatches(deps, {
            importId: imp.id,
            encoding,
            delimiter: imp.delimiter ?? ',',
            startByte: imp.cursorByte,
            startRow: imp.cursorRow,
            skipHeader: imp.hasHeader && imp.cursorByte === 0,
            batchRows: deps.imports.batchRows,
            normalise,
          });

    // Parse the next batch while the database merges this one.
    let fromByte = imp.cursorByte;
    let next = rows.next();
    for (;;) {
      const r = await next;
      if (r.done) break;
      const batch = r.value;
      next = rows.next();
      // Keep the read-ahead from becoming an unhandled rejection if the commit fails first.
      next.catch(() => {});
      // A file whose rows end exactly on a batch boundary ends with an empty read: nothing to commit.
      if (batch.rows === 0 && batch.toByte === fromByte) continue;
      await session.commitBatch({ ...batch, fromByte, now: deps.clock.now() });
      fromByte = batch.toByte;
      batches++;
      await hooks.afterBatch?.(batches);
    }

    await updateImport(
      deps.db,
      imp.id,
      { status: 'done', finishedAt: deps.clock.now(), rowsTotal: sql`${imports.rowsDone}` as unknown as number },
      ['running'],
    );
    await deps.importFiles.remove(imp.id);
    return { outcome: 'done', batches };
  } catch (err) {
    if (err instanceof ImportMovedError) return { outcome: 'skipped', batches, detail: err.message };
    const message =
      err instanceof RecordTooLongError
        ? `${err.message}. Fix the file and upload it again; rows before it were imported.`
        : 'The import stopped on an unexpected error. Resume it to continue from the last saved row.';
    deps.log.error(
      {
        importId: imp.id,
        batches,
        err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
      },
      'import failed',
    );
    await updateImport(deps.db, imp.id, { status: 'failed', error: message, finishedAt: deps.clock.now() }, [
      'running',
    ]).catch(() => null);
    return { outcome: 'failed', batches, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    await rows?.return(undefined).catch(() => {});
    await session.release();
  }
}

type RowOutcome =
  | { ok: true; lead: Omit<StagedLead, 'rowNumber'>; severalInOneCell: boolean }
  | { ok: false; column: string | null; reason: string };

function makeNormaliser(
  deps: Pick<AppDeps, 'phoneZones'>,
  mapping: ReturnType<typeof columnMappingSchema.parse>,
  defaultCountry: PhoneCountry,
) {
  const opts = { defaultCountry, zonesFor: (e164: string) => deps.phoneZones.zonesFor(e164) };
  return (cells: string[]): RowOutcome => {
    for (let i = 0; i < cells.length; i++) cells[i] = cleanCell(cells[i]!);
    const r = normaliseRow(cells, mapping, opts);
    if (!r.ok) return { ok: false, column: r.header || r.column, reason: rejectionReason(r) };
    return { ok: true, severalInOneCell: r.lead.severalInOneCell, lead: storableLead(r.lead) };
  };
}

/**
 * A workbook sheet as batches. The cursor's "byte" is the sheet row number of the last row
 * consumed (a zip has no resumable byte offset), so a resumed run skips rows up to it.
 */
async function* readXlsxBatches(
  deps: Pick<AppDeps, 'importFiles'>,
  o: {
    importId: string;
    sheet: string;
    afterSheetRow: number;
    batchRows: number;
    normalise: (cells: string[]) => RowOutcome;
  },
): AsyncGenerator<Batch> {
  const source = xlsxRows(deps, o.importId);
  let last = o.afterSheetRow;
  let headerSeen = o.afterSheetRow > 0;
  let batch = newBatch();
  try {
    for await (const r of source) {
      if (r.sheet !== o.sheet) continue;
      if (!headerSeen) {
        headerSeen = true;
        last = r.number;
        continue;
      }
      if (r.number <= o.afterSheetRow) continue;
      // Row numbers in reports are the sheet's own, as the user sees them in Excel.
      last = r.number;
      batch.rows++;
      const out = o.normalise(r.cells);
      addRow(batch, last, out, () => storableRaw(toSafeRawCsv(r.cells)));
      if (batch.rows >= o.batchRows) {
        yield { ...batch.done(), toByte: last, toRow: last };
        batch = newBatch();
      }
    }
    yield { ...batch.done(), toByte: last, toRow: last };
  } finally {
    await source.return(undefined);
  }
}

/** One row as comma-separated text, for the rejected-rows report (which re-reads it as CSV). */
function toSafeRawCsv(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

function newBatch() {
  const leads: StagedLead[] = [];
  const rejects: StagedReject[] = [];
  const seen = new Set<string>();
  const b = {
    rows: 0,
    leads,
    rejects,
    seen,
    duplicatesInBatch: 0,
    severalPhones: 0,
    done: () => ({
      rows: b.rows,
      leads,
      rejects,
      duplicatesInBatch: b.duplicatesInBatch,
      severalPhones: b.severalPhones,
    }),
  };
  return b;
}

function addRow(b: ReturnType<typeof newBatch>, row: number, out: RowOutcome, raw: () => string) {
  if (!out.ok) {
    b.rejects.push({ rowNumber: row, column: out.column, reason: out.reason, raw: raw() });
    return;
  }
  if (out.severalInOneCell) b.severalPhones++;
  if (b.seen.has(out.lead.phone)) {
    b.duplicatesInBatch++;
    return;
  }
  b.seen.add(out.lead.phone);
  b.leads.push({ rowNumber: row, ...out.lead });
}

/**
 * The file from `startByte` as batches of normalised rows, each ending on a record boundary with
 * the byte offset and row number just past it (what the cursor saves).
 */
async function* readBatches(
  deps: Pick<AppDeps, 'importFiles'>,
  o: {
    importId: string;
    encoding: CsvEncoding;
    delimiter: string;
    startByte: number;
    startRow: number;
    skipHeader: boolean;
    batchRows: number;
    normalise: (cells: string[]) => RowOutcome;
  },
): AsyncGenerator<Batch> {
  const reader = new CsvRecordReader(o.delimiter);
  const decoder = new TextDecoder(decoderLabel(o.encoding));
  const chunks = deps.importFiles.read(o.importId, { start: o.startByte })[Symbol.asyncIterator]();
  // Byte offset in the file of reader.text[0].
  let windowByte = o.startByte;
  let first = true;
  let eof = false;
  let row = o.startRow;
  let skipHeader = o.skipHeader;

  const pull = async () => {
    const c = await chunks.next();
    let text: string;
    if (c.done) {
      eof = true;
      text = decoder.decode();
    } else {
      const bytes = c.value as Uint8Array;
      // The decoder drops a BOM at the start of the file; the cursor must still count its bytes.
      if (first && o.startByte === 0) windowByte += bomLength(o.encoding, bytes);
      first = false;
      text = decoder.decode(bytes, { stream: true });
    }
    windowByte += byteLengthIn(o.encoding, reader.feed(text));
    if (eof) reader.finish();
  };

  try {
    yield* batchesOf();
  } finally {
    await chunks.return?.();
  }

  async function* batchesOf(): AsyncGenerator<Batch> {
    for (;;) {
      const leads: StagedLead[] = [];
      const rejects: StagedReject[] = [];
      const seen = new Map<string, number>();
      let rows = 0;
      let duplicatesInBatch = 0;
      let severalPhones = 0;
      while (rows < o.batchRows) {
        const rec = reader.next();
        if (rec === null) {
          if (eof) break;
          await pull();
          continue;
        }
        row++;
        if (skipHeader) {
          skipHeader = false;
          continue;
        }
        if (isBlankRecord(rec.cells)) continue;
        rows++;
        if (rec.unterminatedQuote) {
          rejects.push({
            rowNumber: row,
            column: null,
            reason: UNCLOSED_QUOTE_REASON,
            raw: storableRaw(reader.raw(rec)),
          });
          continue;
        }
        const out = o.normalise(rec.cells);
        if (!out.ok) {
          rejects.push({ rowNumber: row, column: out.column, reason: out.reason, raw: storableRaw(reader.raw(rec)) });
          continue;
        }
        if (out.severalInOneCell) severalPhones++;
        if (seen.has(out.lead.phone)) {
          duplicatesInBatch++;
          continue;
        }
        seen.set(out.lead.phone, row);
        leads.push({ rowNumber: row, ...out.lead });
      }
      // Everything before reader's position is consumed; its byte offset is the cursor.
      const toByte = windowByte + byteLengthIn(o.encoding, reader.text.slice(0, reader.position));
      yield { toByte, toRow: row, rows, leads, rejects, duplicatesInBatch, severalPhones };
      if (eof && reader.done) return;
    }
  }
}
