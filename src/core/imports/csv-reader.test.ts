import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader, isBlankRecord, RecordTooLongError, type CsvRecord } from './csv-reader';
import { UploadScanner } from './upload-scan';

function readAll(text: string, delimiter: string, cuts: number[] = []) {
  const reader = new CsvRecordReader(delimiter);
  const out: { cells: string[]; raw: string; unterminated: boolean }[] = [];
  const pieces: string[] = [];
  let last = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    pieces.push(text.slice(last, c));
    last = c;
  }
  pieces.push(text.slice(last));
  const drain = () => {
    let r: CsvRecord | null;
    while ((r = reader.next()) !== null)
      out.push({ cells: r.cells, raw: reader.raw(r), unterminated: r.unterminatedQuote });
  };
  for (const p of pieces) {
    reader.feed(p);
    drain();
  }
  reader.finish();
  drain();
  return out;
}

const quoteCell = (cell: string, d: string) =>
  /["\r\n]/.test(cell) || cell.includes(d) || cell === '' ? `"${cell.replace(/"/g, '""')}"` : cell;

describe('CsvRecordReader', () => {
  it('reads quoted cells with delimiters, doubled quotes and line breaks, and keeps each raw record', () => {
    const text = 'name,phone,notes\r\n"Smith, Ann",415 555 2671,"said ""call me""\nafter 5"\r\nBob,212-555-0100,\n';
    const rows = readAll(text, ',');
    expect(rows.map((r) => r.cells)).toEqual([
      ['name', 'phone', 'notes'],
      ['Smith, Ann', '415 555 2671', 'said "call me"\nafter 5'],
      ['Bob', '212-555-0100', ''],
    ]);
    expect(rows.map((r) => r.raw).join('')).toBe(text);
  });

  it('keeps ragged rows their own width instead of borrowing the next line', () => {
    expect(readAll('a,b,c\n1\n2,3,4,5\n', ',').map((r) => r.cells)).toEqual([
      ['a', 'b', 'c'],
      ['1'],
      ['2', '3', '4', '5'],
    ]);
  });

  it('treats \\r, \\n and \\r\\n alike, even when a chunk ends between \\r and \\n', () => {
    const text = 'a;b\r1;2\n3;4\r\n5;6';
    for (let cut = 0; cut <= text.length; cut++)
      expect(readAll(text, ';', [cut]).map((r) => r.cells)).toEqual([
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
      ]);
  });

  it('reads a quote inside an unquoted cell as text and joins text after a closing quote', () => {
    expect(readAll('5" pipe|"abc"def|x\n', '|').map((r) => r.cells)).toEqual([['5" pipe', 'abcdef', 'x']]);
  });

  it('reports a record cut off inside a quoted cell', () => {
    const rows = readAll('a,b\n1,"never closed\n2,3\n', ',');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ cells: ['1', 'never closed\n2,3\n'], unterminated: true });
  });

  it('refuses to buffer a record past the limit', () => {
    const reader = new CsvRecordReader(',', 100);
    reader.feed(`a,"${'x'.repeat(200)}`);
    expect(() => reader.next()).toThrow(RecordTooLongError);
  });

  it('knows blank records', () => {
    expect(isBlankRecord(['', ' ', '\t'])).toBe(true);
    expect(isBlankRecord(['', 'x'])).toBe(false);
  });

  it('round-trips any table through CSV text split at any points, and the scanner counts the same records', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '\t', '|', '"', '\n', '\r', 'é', '😀', '1'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(',', ';', '\t', '|'),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (d, table, rawCuts, eol) => {
          const rows = table.filter((r) => !isBlankRecord(r));
          const text = rows.map((r) => r.map((c) => quoteCell(c, d)).join(d)).join(eol) + eol;
          const cuts = rawCuts.map((c) => c % (text.length + 1));
          const got = readAll(text, d, cuts);
          expect(got.map((r) => r.cells).filter((c) => !isBlankRecord(c))).toEqual(rows);
          expect(got.map((r) => r.raw).join('')).toBe(text);
          const scanner = new UploadScanner({ delimiter: d, utf16: null, maxRecordUnits: 1 << 20 });
          const bytes = new TextEncoder().encode(text);
          let last = 0;
          for (const c of [...cuts].sort((a, b) => a - b).map((c) => Math.min(c, bytes.length))) {
            scanner.push(bytes.subarray(last, c));
            last = c;
          }
          scanner.push(bytes.subarray(last));
          const scan = scanner.finish();
          expect(scan.contentRecords).toBe(rows.length);
          expect(scan.openQuoteAtRecord).toBeNull();
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('UploadScanner', () => {
  const scan = (bytes: Uint8Array, delimiter = ',', utf16: 'utf-16le' | 'utf-16be' | null = null, max = 1 << 20) => {
    const s = new UploadScanner({ delimiter, utf16, maxRecordUnits: max });
    s.push(bytes);
    return s.finish();
  };
  const enc = (s: string) => new TextEncoder().encode(s);

  it('counts content records, skipping blank lines and rows of bare delimiters', () => {
    expect(scan(enc('a,b\n\n1,2\n,,\n"",""\n3,4')).contentRecords).toBe(3);
  });

  it('finds an unclosed quote and the record it starts on', () => {
    expect(scan(enc('a,b\n1,2\n3,"oops\n4,5\n')).openQuoteAtRecord).toBe(3);
  });

  it('reads UTF-16 by code unit', () => {
    const text = 'a\tb\n"x\ny"\t2\n';
    const le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) le[i * 2] = text.charCodeAt(i);
    expect(scan(le, '\t', 'utf-16le').contentRecords).toBe(2);
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
    const s = new UploadScanner({ delimiter: '\t', utf16: 'utf-16be', maxRecordUnits: 1000 });
    for (let i = 0; i < be.length; i += 3) s.push(be.subarray(i, i + 3));
    expect(s.finish()).toMatchObject({ contentRecords: 2, openQuoteAtRecord: null });
  });

  it('flags a record over the limit', () => {
    expect(scan(enc(`a,b\n1,${'x'.repeat(50)}\n`), ',', null, 20).tooLongAtRecord).toBe(2);
  });
});
