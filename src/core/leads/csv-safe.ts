// CSV exports of lead data carry whatever uploaders typed; a cell like =HYPERLINK(...) or
// @SUM(...) runs as a formula when the export is opened in Excel, LibreOffice or Sheets.
//
// OWASP "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): make sure no cell
// begins with = + - @ tab (0x09) or carriage return (0x0D); prefix such a cell with a single quote
// so the spreadsheet reads it as text. Apple Numbers also treats the full-width forms (＝ ＋ － ＠) as
// formula starters, so they are neutralised too, as csv-stringify's own escape_formulas does.
// The cost: an exported E.164 number reads '+14155552671; the quote is the rule, not a bug.

import type { Options } from 'csv-stringify';

const FORMULA_STARTERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);

/** The cell as text a spreadsheet will not evaluate: a leading ' when it starts like a formula. */
export function neutraliseCell(value: string): string {
  return value.length > 0 && FORMULA_STARTERS.has(value.charAt(0)) ? `'${value}` : value;
}

/**
 * Options for csv-stringify when exporting user data: a UTF-8 BOM (so Excel reads accents right)
 * and every string cell, headers included, neutralised. escape_formulas stays on as well, for
 * values a caller's own cast turns into strings.
 */
export const csvSafeStringifyOptions = {
  bom: true,
  escape_formulas: true,
  cast: { string: (value: string) => neutraliseCell(value) },
} as const satisfies Options;
