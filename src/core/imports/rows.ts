import { z } from 'zod';
import { leadFields, type ColumnMapping, type NormalisedLead, type RowRejection } from '../leads';

// Per-row helpers of the import that sit around the leads core's normaliseRow: cells as they come
// back from our own export, the lead status a file may carry, and the words of the error report.

const FORMULA_STARTERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);

/**
 * A cell ready for normaliseRow: the apostrophe our CSV export puts before formula-like cells
 * ("'+14155552671") is taken off again, so a re-imported export matches what it came from; NUL
 * characters, which PostgreSQL text cannot hold, are dropped.
 */
export function cleanCell(cell: string): string {
  let v = cell;
  if (v.length > 1 && v.charCodeAt(0) === 39 /* ' */ && FORMULA_STARTERS.has(v.charAt(1))) v = v.slice(1);
  if (v.includes('\0')) v = v.replace(/\0/g, '');
  return v;
}

/** Text for the raw-line column of the reject report (NUL cannot be stored; nothing else changes). */
export function storableRaw(raw: string): string {
  return raw.includes('\0') ? raw.replace(/\0/g, '') : raw;
}

// Statuses a file may set (the dialer's lifecycle, src/core/dialer; 'reserved' belongs to a live pick and
// is never imported). Anything else starts as 'new' and keeps the file's text as a custom field.
const IMPORTABLE_STATUSES = new Set(['new', 'retry', 'callback', 'done', 'exhausted', 'blocked']);

export function importedStatus(raw: string | null): { status: string; original: string | null } {
  if (raw === null || raw.trim() === '') return { status: 'new', original: null };
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return IMPORTABLE_STATUSES.has(key) ? { status: key, original: null } : { status: 'new', original: raw.trim() };
}

/** A normalised lead as every way in (a file, the API, the lead drip) stores it. */
export type StorableLead = Omit<NormalisedLead, 'severalInOneCell' | 'status'> & { status: string };

/** The row to store: an unknown status keeps its words in a custom field instead of being lost. */
export function storableLead(lead: NormalisedLead): StorableLead {
  const { status, original } = importedStatus(lead.status);
  return {
    phone: lead.phone,
    altPhones: lead.altPhones,
    firstName: lead.firstName,
    lastName: lead.lastName,
    email: lead.email,
    address: lead.address,
    city: lead.city,
    state: lead.state,
    zip: lead.zip,
    timezones: lead.timezones,
    status,
    tags: lead.tags,
    custom: original === null ? lead.custom : { ...lead.custom, imported_status: original },
    notes: lead.notes,
  };
}

const phoneReasons: Record<RowRejection['reason'], string> = {
  empty: 'No phone number',
  too_short: 'Phone number too short',
  too_long: 'Phone number too long',
  invalid: 'Not a valid phone number (unassigned area code or wrong length)',
  not_a_number: 'Not a phone number',
};

/** The report's reason for a rejected row. */
export function rejectionReason(r: RowRejection): string {
  return r.column === 'email' ? 'Not a valid e-mail address' : phoneReasons[r.reason];
}

export const UNCLOSED_QUOTE_REASON = 'The row ends inside a quoted cell (a " is not closed)';

const leadFieldSchema = z.enum(leadFields);
/** A column mapping as the browser sends it back (edited or as proposed). */
export const columnMappingSchema = z
  .array(
    z.union([
      z.object({
        column: z.number().int().min(0).max(999),
        header: z.string().max(500),
        field: z.literal('custom'),
        key: z.string().max(64),
      }),
      z.object({
        column: z.number().int().min(0).max(999),
        header: z.string().max(500),
        field: leadFieldSchema.exclude(['custom']),
      }),
    ]),
  )
  .max(1000) as z.ZodType<ColumnMapping[]>;
