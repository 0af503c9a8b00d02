// Every CSV the product writes goes through toSafeCsv: the cells carry whatever uploaders and agents typed, and a
// cell like =HYPERLINK(...) or @SUM(...) runs as a formula when the file is opened in Excel, LibreOffice or Sheets.
//
// OWASP "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): make sure no cell
// begins with = + - @ tab (0x09) or carriage return (0x0D); prefix such a cell with a single quote
// so the spreadsheet reads it as text. Apple Numbers also treats the full-width forms (＝ ＋ － ＠) as
// formula starters, so they are neutralised too, as csv-stringify's own escape_formulas does.
// One exception keeps data intact: in a column the writer declares a phone column, a plain E.164 number
// (+14155552671, or a "; " list of them) is written as is — it cannot run anything, and a quote in front breaks
// re-importing the file into a CRM. Anything else in a phone column ("+1 202 …", "=1+2") is neutralised.
// Our importer drops such a quote again (src/core/imports/rows.ts), so a neutralised file re-imports cleanly.

import { stringify } from 'csv-stringify/sync';

const FORMULA_STARTERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);
const E164_LIST = /^\+[1-9]\d{6,14}(?:; \+[1-9]\d{6,14})*$/;

/** The cell as text a spreadsheet will not evaluate: a leading ' when it starts like a formula. */
export function neutraliseCell(value: string): string {
  return value.length > 0 && FORMULA_STARTERS.has(value.charAt(0)) ? `'${value}` : value;
}

/** A cell of a phone column: E.164 numbers stay as they are (data), anything else is neutralised. */
export function neutralisePhoneCell(value: string): string {
  return E164_LIST.test(value) ? value : neutraliseCell(value);
}

export type SafeCsvOptions = {
  /** A UTF-8 BOM first (spreadsheet apps need it to read accents); only for a file's first chunk. */
  bom: boolean;
  /** Zero-based indexes of columns holding phone numbers (see the exception above). */
  phoneColumns?: readonly number[];
  /** ',' unless the file mirrors an upload written with another delimiter. */
  delimiter?: string;
  /** Line ending; '\n' unless told. */
  recordDelimiter?: '\n' | '\r\n';
};

/**
 * Rows as CSV text with every cell safe to open in a spreadsheet. Strings are neutralised, numbers and booleans
 * written as they are, null/undefined as empty cells. The one CSV writer of the product: use it for any CSV.
 */
export function toSafeCsv(rows: readonly (readonly unknown[])[], opts: SafeCsvOptions): string {
  const phones = new Set(opts.phoneColumns ?? []);
  return stringify(rows as unknown[][], {
    bom: opts.bom,
    delimiter: opts.delimiter ?? ',',
    record_delimiter: opts.recordDelimiter === '\r\n' ? 'windows' : 'unix',
    cast: {
      string: (value, ctx) =>
        typeof ctx.index === 'number' && phones.has(ctx.index) && !ctx.header
          ? neutralisePhoneCell(value)
          : neutraliseCell(value),
      date: (value) => value.toISOString(),
      object: (value) => neutraliseCell(JSON.stringify(value)),
    },
  });
}
