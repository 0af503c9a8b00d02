// A first look at an upload, from its first chunk (~64 KB): is it a delimited text file, in which
// encoding, split by which character, with a header row? Anything else gets a rejection the user
// can act on ("save it as CSV") before we stream a single row.

import { isValidEmail } from './email';
import { fieldForHeader } from './mapping';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t' | '|';
export type SniffRejectReason = 'empty' | 'binary' | 'xlsx' | 'xls' | 'pdf' | 'zip' | 'header_only' | 'not_delimited';
export type SniffResult =
  | { kind: 'csv'; encoding: CsvEncoding; delimiter: CsvDelimiter; hasHeader: boolean }
  | { kind: 'rejected'; reason: SniffRejectReason; message: string };

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|']; // order breaks ties
const SAMPLE_RECORDS = 100;
const MIN_CONSISTENCY = 0.5;

function reject(reason: SniffRejectReason, message: string): SniffResult {
  return { kind: 'rejected', reason, message };
}

const messages = {
  empty: 'The file is empty.',
  binary: "This file isn't text, so it can't be a CSV. Export your leads as CSV and upload again.",
  xlsx: 'This looks like an Excel workbook (.xlsx). Save it as CSV and upload again.',
  xls: 'This looks like an old Excel workbook (.xls). Save it as CSV and upload again.',
  ods: 'This looks like an OpenDocument spreadsheet (.ods). Save it as CSV and upload again.',
  pdf: 'This is a PDF, not a CSV. Export your leads as CSV and upload again.',
  zip: 'This is a ZIP archive. Unzip it and upload the CSV file inside.',
  markup:
    'This looks like a web page or XML file (some programs save these with an .xls name). Save it as CSV and upload again.',
  headerOnly: 'The file has a header row but no leads.',
  notDelimited:
    "We couldn't find columns in this file. Upload a CSV with one lead per line and columns separated by commas, semicolons, tabs or pipes.",
} as const;

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[at + i] !== signature[i]) return false;
  return true;
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  outer: for (
    let i = bytes.indexOf(first);
    i !== -1 && i + text.length <= bytes.length;
    i = bytes.indexOf(first, i + 1)
  ) {
    for (let k = 1; k < text.length; k++) if (bytes[i + k] !== text.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}

/** Rejections decided by the first bytes: ZIP-based office files, old Office files, PDFs. */
function sniffMagic(bytes: Uint8Array): SniffResult | null {
  // ZIP local file header / empty archive / spanned archive. Entry names are stored uncompressed.
  if (
    startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) ||
    startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]) ||
    startsWith(bytes, [0x50, 0x4b, 0x07, 0x08])
  ) {
    if (containsAscii(bytes, 'xl/')) return reject('xlsx', messages.xlsx);
    if (containsAscii(bytes, 'opendocument.spreadsheet')) return reject('zip', messages.ods);
    return reject('zip', messages.zip);
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return reject('xls', messages.xls);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return reject('pdf', messages.pdf);
  return null;
}

/** UTF-16 without a BOM shows as a NUL in every other byte (the high byte of ASCII characters). */
function utf16ByNulPattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'binary' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i & 1) odd++;
    else even++;
  }
  if (even + odd === 0) return null;
  const pairs = Math.max(1, n / 2);
  if (odd >= 0.3 * pairs && even <= 0.02 * pairs) return 'utf-16le';
  if (even >= 0.3 * pairs && odd <= 0.02 * pairs) return 'utf-16be';
  return 'binary';
}

function detectEncoding(bytes: Uint8Array, isWholeFile: boolean): CsvEncoding | 'binary' {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8-bom';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  const utf16 = utf16ByNulPattern(bytes);
  if (utf16 !== null) return utf16;
  try {
    // stream: a chunk may end inside a multi-byte character; that is not an encoding error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !isWholeFile });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function decode(bytes: Uint8Array, encoding: CsvEncoding, isWholeFile: boolean): string {
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  // The decoder drops a leading BOM itself.
  return new TextDecoder(label).decode(bytes, { stream: !isWholeFile });
}

/** Control characters other than tab, line breaks and form feed; C1 controls too (cp1252 holes). */
function isControl(c: number): boolean {
  return (
    (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 127 || (c >= 0x80 && c <= 0x9f) || c === 0xfffd
  );
}

function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) controls++;
  return controls > Math.max(2, text.length * 0.01);
}

/**
 * Up to `limit` records of `text` split by `delimiter` with RFC 4180 quoting (a quoted field may
 * hold delimiters and line breaks). When the text is a truncated chunk, its last, possibly cut
 * record is left out — unless it is the only one.
 */
export function parseRecords(text: string, delimiter: string, limit: number, complete: boolean): string[][] {
  const d = delimiter.charCodeAt(0);
  const records: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  let i = 0;
  const n = text.length;
  while (i < n && records.length < limit) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += text[i];
      }
      i++;
      continue;
    }
    if (c === 34 && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (c === d) {
      row.push(field);
      field = '';
      atFieldStart = true;
    } else if (c === 10 || c === 13) {
      row.push(field);
      records.push(row);
      row = [];
      field = '';
      atFieldStart = true;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    } else {
      field += text[i];
      atFieldStart = false;
    }
    i++;
  }
  const pending = row.length > 0 || field !== '' || quoted;
  if (i >= n && pending && ((complete && !quoted) || records.length === 0)) {
    row.push(field);
    records.push(row);
  }
  return records;
}

const isBlank = (record: readonly string[]) => record.every((cell) => cell.trim() === '');

/** Loose on purpose: a header row has none, a data row usually has one (partial numbers and dates count). */
function looksLikePhone(cell: string): boolean {
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
  }
  return digits >= 7 && digits <= 15 && letters <= 3;
}

type CellKind = 'phone' | 'email' | 'number' | 'text' | 'empty';

function kindOf(cell: string): CellKind {
  const v = cell.trim();
  if (v === '') return 'empty';
  if (looksLikePhone(v)) return 'phone';
  if (isValidEmail(v.toLowerCase())) return 'email';
  if (/^[-+$€£]?\d[\d,.\s]*%?$/.test(v)) return 'number';
  return 'text';
}

function isLabel(cell: string): boolean {
  if (cell.length > 64 || !/\p{L}/u.test(cell)) return false;
  let digits = 0;
  for (let i = 0; i < cell.length; i++) if (cell.charCodeAt(i) >= 48 && cell.charCodeAt(i) <= 57) digits++;
  return digits * 2 < cell.length;
}

/**
 * Whether the first record is a header: no phone-like or email-like cell, every cell a short
 * label, and either a label we know ("Phone", "Email"…), or a column whose values below are of
 * another kind (phones under "Contact"), or distinct labels in every column.
 */
export function looksLikeHeader(first: readonly string[], rest: readonly (readonly string[])[]): boolean {
  const cells = first.map((c) => c.trim());
  const filled = cells.filter((c) => c !== '');
  if (filled.length === 0) return false;
  if (filled.some((c) => kindOf(c) !== 'text')) return false;
  if (!filled.every(isLabel)) return false;
  if (filled.some((c) => fieldForHeader(c) !== null)) return true;
  if (rest.length === 0) return true;
  for (let col = 0; col < cells.length; col++) {
    const below = rest.map((r) => kindOf(r[col] ?? '')).filter((k) => k !== 'empty');
    if (below.length > 0 && below.filter((k) => k !== 'text').length * 2 > below.length) return true;
  }
  return filled.length === cells.length && new Set(filled.map((c) => c.toLowerCase())).size === filled.length;
}

function chooseDelimiter(text: string, complete: boolean): { delimiter: CsvDelimiter; records: string[][] } | null {
  let best: { delimiter: CsvDelimiter; records: string[][]; consistency: number; columns: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const records = parseRecords(text, delimiter, SAMPLE_RECORDS, complete).filter((r) => !isBlank(r));
    if (records.length === 0) continue;
    const tally = new Map<number, number>();
    for (const r of records) tally.set(r.length - 1, (tally.get(r.length - 1) ?? 0) + 1);
    let mode = 0;
    let modeCount = 0;
    for (const [count, seen] of tally) {
      if (seen > modeCount || (seen === modeCount && count > mode)) {
        mode = count;
        modeCount = seen;
      }
    }
    if (mode === 0) continue;
    const consistency = modeCount / records.length;
    if (consistency < MIN_CONSISTENCY) continue;
    if (best === null || consistency > best.consistency || (consistency === best.consistency && mode > best.columns)) {
      best = { delimiter, records, consistency, columns: mode };
    }
  }
  return best;
}

/**
 * What the first chunk of an upload is. `isWholeFile` says the chunk is the entire file (so its
 * last line is complete and a lone header row means there are no leads).
 */
export function sniffCsv(chunk: Uint8Array, opts: { isWholeFile: boolean }): SniffResult {
  const { isWholeFile } = opts;
  if (chunk.length === 0) return reject('empty', messages.empty);
  const magic = sniffMagic(chunk);
  if (magic !== null) return magic;
  const encoding = detectEncoding(chunk, isWholeFile);
  if (encoding === 'binary') return reject('binary', messages.binary);
  const text = decode(chunk, encoding, isWholeFile);
  if (text.trim() === '') return reject('empty', messages.empty);
  if (looksBinary(text)) return reject('binary', messages.binary);
  if (/^\s*<(\?xml|!doctype|html|table|workbook)/i.test(text)) return reject('not_delimited', messages.markup);

  const chosen = chooseDelimiter(text, isWholeFile);
  if (chosen === null) {
    // One column: fine if it is a list of phone numbers (with or without a header).
    const lines = parseRecords(text, ',', SAMPLE_RECORDS, isWholeFile)
      .filter((r) => !isBlank(r))
      .map((r) => r.join(','));
    const [first = '', ...rest] = lines;
    const hasHeader =
      !looksLikePhone(first) &&
      looksLikeHeader(
        [first],
        rest.map((l) => [l]),
      );
    const body = hasHeader ? rest : lines;
    if (body.length === 0 && hasHeader && isWholeFile) return reject('header_only', messages.headerOnly);
    if (body.length > 0 && body.filter(looksLikePhone).length * 10 >= body.length * 6) {
      return { kind: 'csv', encoding, delimiter: ',', hasHeader };
    }
    return reject('not_delimited', messages.notDelimited);
  }
  const [first = [], ...rest] = chosen.records;
  const hasHeader = looksLikeHeader(first, rest);
  if (isWholeFile && rest.length === 0 && hasHeader) return reject('header_only', messages.headerOnly);
  return { kind: 'csv', encoding, delimiter: chosen.delimiter, hasHeader };
}
