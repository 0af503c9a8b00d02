import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeHeader, parseRecords, sniffCsv } from './csv-sniff';
import type { CsvDelimiter } from './csv-sniff';

const utf8 = (text: string) => new TextEncoder().encode(text);
const whole = { isWholeFile: true };
const partial = { isWholeFile: false };

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  if (endian === 'be') le.swap16();
  return new Uint8Array(le);
}

const LEADS = 'First Name,Last Name,Phone\nAnn,Lee,415-555-2671\nBob,Roe,(212) 555-0199\n';

describe('sniffCsv: what the file is', () => {
  it('rejects an empty file, or one of only whitespace or a BOM', () => {
    for (const bytes of [new Uint8Array(0), utf8('\n\r\n   \n'), new Uint8Array([0xef, 0xbb, 0xbf])]) {
      expect(sniffCsv(bytes, whole)).toMatchObject({ kind: 'rejected', reason: 'empty' });
    }
  });

  it('tells an Excel workbook to be saved as CSV', () => {
    const xlsx = new Uint8Array([
      ...utf8('PK\x03\x04'),
      20,
      0,
      6,
      0,
      ...utf8('[Content_Types].xml'),
      0,
      0,
      ...utf8('PK\x03\x04xl/workbook.xml'),
    ]);
    expect(sniffCsv(xlsx, partial)).toEqual({
      kind: 'rejected',
      reason: 'xlsx',
      message: 'This looks like an Excel workbook (.xlsx). Save it as CSV and upload again.',
    });
  });

  it('recognises other ZIPs, an OpenDocument spreadsheet, old .xls files and PDFs', () => {
    expect(sniffCsv(new Uint8Array([...utf8('PK\x03\x04'), 20, 0, ...utf8('leads.csv')]), partial)).toMatchObject({
      reason: 'zip',
      message: expect.stringContaining('Unzip'),
    });
    expect(
      sniffCsv(utf8('PK\x03\x04\x14\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet'), partial),
    ).toMatchObject({ reason: 'zip', message: expect.stringContaining('.ods') });
    expect(
      sniffCsv(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), partial),
    ).toMatchObject({ reason: 'xls', message: expect.stringContaining('.xls') });
    expect(sniffCsv(utf8('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), partial)).toMatchObject({ reason: 'pdf' });
  });

  it('rejects binary data', () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8,
      6, 0, 0, 0,
    ]);
    expect(sniffCsv(png, partial)).toMatchObject({ kind: 'rejected', reason: 'binary' });
    const noisy = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect(sniffCsv(noisy, partial)).toMatchObject({ kind: 'rejected', reason: 'binary' });
    expect(sniffCsv(utf8('a,b\n\x01\x02\x03\x04,\x05\x06\n'), whole)).toMatchObject({
      kind: 'rejected',
      reason: 'binary',
    });
  });

  it('rejects HTML and XML (spreadsheets "saved as .xls" by web apps)', () => {
    expect(sniffCsv(utf8('<?xml version="1.0"?>\n<Workbook>'), partial)).toMatchObject({
      reason: 'not_delimited',
      message: expect.stringContaining('web page or XML'),
    });
    expect(sniffCsv(utf8('  <html><table><tr><td>Phone</td></tr></table>'), partial)).toMatchObject({
      reason: 'not_delimited',
    });
  });

  it('rejects prose', () => {
    const prose = 'Dear team,\nplease find the leads below, as discussed on Monday, and call them.\nThanks!\nAnn\n';
    expect(sniffCsv(utf8(prose), whole)).toMatchObject({ kind: 'rejected', reason: 'not_delimited' });
  });
});

describe('sniffCsv: encoding', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(sniffCsv(utf8(LEADS), whole)).toEqual({ kind: 'csv', encoding: 'utf-8', delimiter: ',', hasHeader: true });
    expect(sniffCsv(utf8(`\ufeff${LEADS}`), whole)).toEqual({
      kind: 'csv',
      encoding: 'utf-8-bom',
      delimiter: ',',
      hasHeader: true,
    });
  });

  it('reads UTF-16 by its BOM, and without one by where the NUL bytes fall', () => {
    for (const endian of ['le', 'be'] as const) {
      for (const bom of [true, false]) {
        expect(sniffCsv(utf16(LEADS.replace(/,/g, '\t'), endian, bom), whole), `${endian} bom=${bom}`).toEqual({
          kind: 'csv',
          encoding: `utf-16${endian}`,
          delimiter: '\t',
          hasHeader: true,
        });
      }
    }
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8', () => {
    const latin = new Uint8Array([
      ...utf8('Name;Phone\nJos'),
      0xe9,
      ...utf8(';0612345678\nZo'),
      0xeb,
      ...utf8(';0687654321\n'),
    ]);
    expect(sniffCsv(latin, whole)).toEqual({ kind: 'csv', encoding: 'windows-1252', delimiter: ';', hasHeader: true });
  });

  it('does not mistake a chunk cut inside a UTF-8 character for Windows-1252', () => {
    const bytes = utf8('Name,Phone\nJosé,4155552671\nRené,2125550199\n');
    const cut = bytes.slice(0, bytes.lastIndexOf(0xa9)); // ends between the two bytes of the last "é"
    expect(sniffCsv(cut, partial)).toMatchObject({ kind: 'csv', encoding: 'utf-8' });
  });
});

describe('sniffCsv: delimiter and header', () => {
  it.each<[string, CsvDelimiter]>([
    ['name,phone,city\nAnn,4155552671,Austin\nBob,2125550199,Boston\n', ','],
    ['name;phone;amount\nAnn;4155552671;1,5\nBob;2125550199;2,75\nCy;6465550123;3\n', ';'],
    ['name\tphone\tnote\nAnn\t4155552671\thi, there\nBob\t2125550199\tok\n', '\t'],
    ['name|phone|city\nAnn|4155552671|Austin, TX\nBob|2125550199|Boston\n', '|'],
    ['"Lee, Ann";"415-555-2671";"a;b"\n"Roe, Bob";"212-555-0199";"c"\n', ';'],
    ['name,phone,note\nAnn,4155552671,"line one\nline two, with commas, many"\nBob,2125550199,x\n', ','],
  ])('finds the delimiter of %j', (text, delimiter) => {
    expect(sniffCsv(utf8(text), whole)).toMatchObject({ kind: 'csv', delimiter });
  });

  it('sees no header when the first row is data', () => {
    expect(sniffCsv(utf8('Ann,Lee,415-555-2671\nBob,Roe,212-555-0199\n'), whole)).toMatchObject({ hasHeader: false });
    expect(sniffCsv(utf8('Ann,Lee,ann@example.com,x\nBob,Roe,bob@example.com,y\n'), whole)).toMatchObject({
      hasHeader: false,
    });
  });

  it('sees a header of unknown labels above values of another kind', () => {
    expect(sniffCsv(utf8('Who,Digits\nAnn Lee,415-555-2671\nBob Roe,212-555-0199\n'), whole)).toMatchObject({
      hasHeader: true,
    });
  });

  it('rejects a file that is only a header row, but only when it is the whole file', () => {
    expect(sniffCsv(utf8('First Name,Last Name,Phone\r\n'), whole)).toEqual({
      kind: 'rejected',
      reason: 'header_only',
      message: 'The file has a header row but no leads.',
    });
    expect(sniffCsv(utf8('First Name,Last Name,Phone\r\n'), partial)).toMatchObject({ kind: 'csv', hasHeader: true });
    expect(sniffCsv(utf8('Phone\n\n'), whole)).toMatchObject({ kind: 'rejected', reason: 'header_only' });
    expect(sniffCsv(utf8('Ann,Lee,415-555-2671'), whole)).toMatchObject({ kind: 'csv', hasHeader: false });
  });

  it('accepts a single column of phone numbers, with or without a header', () => {
    expect(sniffCsv(utf8('Phone\n4155552671\n(212) 555-0199\n'), whole)).toMatchObject({
      kind: 'csv',
      hasHeader: true,
    });
    expect(sniffCsv(utf8('4155552671\n(212) 555-0199\n+1 646 555 0123\n'), whole)).toMatchObject({
      kind: 'csv',
      hasHeader: false,
    });
  });

  it('ignores the cut last line of a partial chunk', () => {
    const text = `name,phone,city\n${'Ann,4155552671,Austin\n'.repeat(3)}Bob,212555`;
    expect(parseRecords(text, ',', 100, false)).toHaveLength(4);
    expect(parseRecords(text, ',', 100, true)).toHaveLength(5);
    expect(parseRecords('a,"b\nc', ',', 100, true)).toEqual([['a', 'b\nc']]);
  });

  it('finds the delimiter of any generated table, quoting included', () => {
    const cell = fc.oneof(
      { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9.@+()-][A-Za-z0-9 .@+()-]{0,11}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z ]{1,5}$/).map((s) => `${s}<D>"x"\n${s}`) },
    );
    const table = fc
      .integer({ min: 2, max: 8 })
      .chain((cols) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 2, maxLength: 30 }));
    fc.assert(
      fc.property(fc.constantFrom<CsvDelimiter>(',', ';', '\t', '|'), table, (delimiter, rows) => {
        const quote = (c: string) => {
          const v = c.replace(/<D>/g, delimiter);
          return /[",;\t|\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
        };
        const text = `${rows.map((r) => r.map(quote).join(delimiter)).join('\r\n')}\r\n`;
        expect(sniffCsv(utf8(text), whole)).toMatchObject({ kind: 'csv', delimiter });
      }),
    );
  });
});

describe('looksLikeHeader', () => {
  it('is false for an empty or numeric first row', () => {
    expect(looksLikeHeader(['', ''], [])).toBe(false);
    expect(looksLikeHeader(['1', '2'], [])).toBe(false);
    expect(looksLikeHeader(['Ann', '', 'Austin'], [['Bob', '', 'Boston']])).toBe(false);
  });
});
