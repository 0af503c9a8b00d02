// Turns workbook cell values (as the streaming reader gives them) into the text the CSV pipeline
// expects, so an .xlsx row goes through the same mapping, validation and dedupe as a CSV row.

/** The text of one cell: numbers in full digits, dates as ISO dates, formulas as their cached result. */
export function xlsxCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return numberText(value);
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('richText' in v && Array.isArray(v.richText))
      return (v.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('');
    // A formula: Excel saved its last result beside it; we never evaluate formulas ourselves.
    if ('formula' in v || 'sharedFormula' in v || 'result' in v) return xlsxCellText(v.result);
    if ('text' in v) return xlsxCellText(v.text);
    if ('error' in v) return '';
  }
  return '';
}

/**
 * Excel keeps phone numbers typed without a "+" as numbers and displays them as 2.0255501E+09;
 * the stored value is exact, so print every digit rather than the exponent form.
 */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(n);
}

/** A date cell as 2026-12-05, or with its time when it has one. Excel dates carry no zone: read them as UTC. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** Spreadsheet column letters for a 1-based index: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Header names for the mapping step. A merged header cell keeps its text only in its first cell
 * and empty header cells have none: both get "Column C" so every column can still be mapped.
 */
export function xlsxHeaderNames(cells: readonly string[]): string[] {
  return cells.map((c, i) => (c.trim() === '' ? `Column ${columnLetter(i + 1)}` : c));
}

/** A row's values (1-based sparse array from the reader) as a dense list of cell texts. */
export function xlsxRowCells(values: readonly unknown[] | Record<string, unknown>): string[] {
  const arr = Array.isArray(values) ? values : [];
  const out: string[] = [];
  for (let i = 1; i < arr.length; i++) out.push(xlsxCellText(arr[i]));
  return out;
}

/** How far from the end a zip's end-of-central-directory record can start (22 bytes and a comment of up to 64 KB). */
export const ZIP_TAIL_BYTES = 22 + 0xffff;

/**
 * Whether the last bytes of a file hold a zip's end record. A cut-off upload has none, and the
 * streaming unzip would wait for it forever, so a workbook without one is refused first.
 */
export function hasZipEnd(tail: Uint8Array): boolean {
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  return false;
}
