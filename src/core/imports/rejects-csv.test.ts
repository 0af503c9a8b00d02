import { describe, expect, it } from 'vitest';
import { rejectsCsvHeader, rejectsCsvRows } from './rejects-csv';
import { cleanCell } from './rows';
import { CsvRecordReader } from './csv-reader';

describe('rejected-rows CSV', () => {
  const layout = { delimiter: ';', phoneColumns: [1] };

  it('neutralises formula cells of the uploaded rows and keeps their columns and delimiter', () => {
    const header = rejectsCsvHeader(['Name', 'Telefon', '=Notiz'], layout);
    expect(header).toBe("\ufeffName;Telefon;'=Notiz;reason\r\n");
    const rows = rejectsCsvRows(
      [
        { raw: 'Ann;+44 20 7946 0958;"=HYPERLINK(""http://evil.example"",""x"")"\r\n', reason: 'Not a phone number' },
        { raw: '@Bo;+14155552671;-1+2\n', reason: 'E-mail is malformed' },
        { raw: 'Cy;"a;b"', reason: 'Not a phone number' },
      ],
      layout,
    );
    expect(rows).toBe(
      'Ann;\'+44 20 7946 0958;"\'=HYPERLINK(""http://evil.example"",""x"")";Not a phone number\r\n' +
        "'@Bo;+14155552671;'-1+2;E-mail is malformed\r\n" +
        'Cy;"a;b";Not a phone number\r\n',
    );
    // Re-read as our importer does, the cells are what was uploaded.
    const reader = new CsvRecordReader(';');
    reader.feed(rows);
    reader.finish();
    expect(reader.next()!.cells.map(cleanCell)).toEqual([
      'Ann',
      '+44 20 7946 0958',
      '=HYPERLINK("http://evil.example","x")',
      'Not a phone number',
    ]);
  });

  it('has no header line for a file without one, only the BOM', () => {
    expect(rejectsCsvHeader(null, layout)).toBe('\ufeff');
  });
});
