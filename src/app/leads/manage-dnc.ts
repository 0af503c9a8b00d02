import { z } from 'zod';
import { AppError } from '../../core/errors';
import { CsvRecordReader, isBlankRecord, RecordTooLongError, type CsvRecord } from '../../core/imports/csv-reader';
import { decoderLabel } from '../../core/imports/encoding';
import { cleanCell } from '../../core/imports/rows';
import { fieldForHeader, normalisePhone, sniffCsv, type PhoneCountry } from '../../core/leads';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import { addDncNumbers, removeDncNumber } from '../../db/queries/dnc';
import { getTeam } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

export const dncEntrySchema = z.object({
  phone: z.string().trim().min(1, 'Enter a phone number').max(64),
  reason: z.string().trim().max(500).default(''),
});

async function teamCountry(deps: Pick<AppDeps, 'db'>, scope: TeamScope): Promise<PhoneCountry> {
  return ((await getTeam(deps.db, scope))?.defaultCountry ?? 'US') as PhoneCountry;
}

/** Any member may add a number (a contact asks not to be called); it applies to the whole team at once. */
export async function addToDnc(deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope, raw: unknown) {
  const input = dncEntrySchema.parse(raw);
  const r = normalisePhone(input.phone, await teamCountry(deps, scope));
  if (!r.ok)
    throw new AppError('invalid_input', 'That is not a valid phone number', {
      fields: { phone: 'Not a valid phone number' },
    });
  const added = await addDncNumbers(
    deps.db,
    scope,
    [{ phone: r.e164, reason: input.reason }],
    'manual',
    deps.clock.now(),
  );
  return { phone: r.e164, added: added === 1 };
}

/** Taking a number off the list is an admin decision: it makes the number callable again. */
export async function removeFromDnc(deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope, id: string) {
  if (!hasRole(scope.role, 'admin'))
    throw new AppError('forbidden', 'Only owners and admins can remove numbers from the do-not-call list');
  const row = await removeDncNumber(deps.db, scope, id, deps.clock.now());
  if (!row) throw new AppError('not_found', 'No such number on the list');
  return row;
}

const BATCH = 5000;
const SNIFF_BYTES = 64 * 1024;
const REPORTED_INVALID = 50;
// A do-not-call row is a number and a short reason; a longer one is a broken file (an unclosed quote, no newlines).
const MAX_ROW_CHARS = 64 * 1024;
const MAX_REASON_CHARS = 500;

export type DncImportResult =
  | {
      ok: true;
      rows: number;
      added: number;
      alreadyListed: number;
      invalid: number;
      invalidRows: { row: number; value: string }[];
    }
  | { ok: false; reason: 'too_large' | 'not_csv' | 'row_too_long'; message: string };

/**
 * A CSV of numbers (one column, or a "Phone" column among others, optionally a "Reason" column),
 * streamed and added in batches. Small enough in practice to run within the request.
 */
export async function importDncFile(
  deps: AppDeps,
  scope: TeamScope,
  body: ReadableStream<Uint8Array> | null,
  declaredBytes: number | null,
): Promise<DncImportResult> {
  if (!hasRole(scope.role, 'admin'))
    throw new AppError('forbidden', 'Only owners and admins can import a do-not-call list');
  const max = deps.imports.maxFileBytes;
  const tooLarge = {
    ok: false as const,
    reason: 'too_large' as const,
    message: `The file is larger than the ${Math.round(max / 1024 / 1024)} MB limit.`,
  };
  if (declaredBytes !== null && declaredBytes > max) return tooLarge;
  const country = await teamCountry(deps, scope);
  const reader = body?.getReader() ?? null;

  let total = 0;
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let records: CsvRecordReader | null = null;
  let decoder: TextDecoder | null = null;
  let phoneColumn = -1;
  let reasonColumn = -1;
  let headerPending = false;
  let row = 0;
  let pending: { phone: string; reason: string }[] = [];
  const seen = new Set<string>();
  const result = {
    rows: 0,
    added: 0,
    alreadyListed: 0,
    invalid: 0,
    invalidRows: [] as { row: number; value: string }[],
  };

  const flush = async () => {
    if (pending.length === 0) return;
    const added = await addDncNumbers(deps.db, scope, pending, 'import', deps.clock.now());
    result.added += added;
    result.alreadyListed += pending.length - added;
    pending = [];
  };
  const take = async (rec: CsvRecord) => {
    row++;
    if (headerPending) {
      headerPending = false;
      rec.cells.forEach((h, i) => {
        if (phoneColumn === -1 && fieldForHeader(h) === 'phone') phoneColumn = i;
        if (reasonColumn === -1 && /reason|note|comment|source/i.test(h)) reasonColumn = i;
      });
      return;
    }
    if (isBlankRecord(rec.cells)) return;
    result.rows++;
    const cells = rec.cells.map(cleanCell);
    const candidates = phoneColumn >= 0 ? [cells[phoneColumn] ?? ''] : cells;
    const found = candidates.map((c) => normalisePhone(c, country)).find((r) => r.ok);
    if (!found || !found.ok) {
      result.invalid++;
      if (result.invalidRows.length < REPORTED_INVALID)
        result.invalidRows.push({ row, value: cells.join(', ').slice(0, 200) });
      return;
    }
    if (seen.has(found.e164)) {
      result.alreadyListed++;
      return;
    }
    seen.add(found.e164);
    pending.push({
      phone: found.e164,
      reason: ((reasonColumn >= 0 ? cells[reasonColumn] : '')?.trim() || 'Imported list').slice(0, MAX_REASON_CHARS),
    });
    if (pending.length >= BATCH) await flush();
  };
  const drain = async () => {
    for (let r = records!.next(); r !== null; r = records!.next()) await take(r);
  };
  try {
    return await readAll();
  } catch (err) {
    if (!(err instanceof RecordTooLongError)) throw err;
    await reader?.cancel().catch(() => {});
    await flush();
    return {
      ok: false,
      reason: 'row_too_long',
      message: `Row ${row + 1} is longer than ${MAX_ROW_CHARS / 1024} KB (a quote is probably not closed); the rows before it were added. Fix the file and import it again.`,
    };
  }

  async function readAll(): Promise<DncImportResult> {
    for (;;) {
      const r = reader ? await reader.read() : { done: true as const, value: undefined };
      if (!r.done) {
        total += r.value.length;
        if (total > max) {
          await reader?.cancel().catch(() => {});
          await flush();
          return tooLarge;
        }
      }
      if (records === null) {
        if (!r.done) {
          head.push(r.value);
          headBytes += r.value.length;
          if (headBytes < SNIFF_BYTES) continue;
        }
        const first = Buffer.concat(head);
        head = [];
        const verdict = sniffCsv(first, { isWholeFile: r.done });
        if (verdict.kind === 'rejected') {
          await reader?.cancel().catch(() => {});
          return { ok: false, reason: 'not_csv', message: verdict.message };
        }
        records = new CsvRecordReader(verdict.delimiter, MAX_ROW_CHARS);
        decoder = new TextDecoder(decoderLabel(verdict.encoding));
        headerPending = verdict.hasHeader;
        records.feed(decoder.decode(first, { stream: !r.done }));
      } else if (!r.done) {
        records.feed(decoder!.decode(r.value, { stream: true }));
      }
      if (r.done) {
        records.feed(decoder!.decode());
        records.finish();
        await drain();
        break;
      }
      await drain();
    }
    await flush();
    return { ok: true, ...result };
  }
}
