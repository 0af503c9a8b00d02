// The rejected-rows report: each rejected row as uploaded (same columns, same delimiter) plus a reason column, so
// the user can fix it and upload it again. Cells are re-read and written through toSafeCsv: uploaded cells such as
// =HYPERLINK(...) or "+44 …" must not run as formulas when the report is opened in a spreadsheet (the importer
// drops the neutralising quote again on re-upload).

import { toSafeCsv } from '../leads/csv-safe';
import { CsvRecordReader } from './csv-reader';

export type RejectsCsvLayout = {
  delimiter: string;
  /** Columns the import mapped to a phone field. */
  phoneColumns: readonly number[];
};

/** The header line (the upload's headers and "reason"), BOM first; empty for a file without a header row. */
export function rejectsCsvHeader(headers: readonly string[] | null, layout: RejectsCsvLayout): string {
  if (headers === null) return '\ufeff';
  return toSafeCsv([[...headers, 'reason']], { bom: true, delimiter: layout.delimiter, recordDelimiter: '\r\n' });
}

/** Rejected rows (raw text as uploaded, one record each) as report lines. */
export function rejectsCsvRows(rows: readonly { raw: string; reason: string }[], layout: RejectsCsvLayout): string {
  const out: string[][] = [];
  for (const r of rows) {
    const reader = new CsvRecordReader(layout.delimiter);
    reader.feed(r.raw);
    reader.finish();
    const cells = reader.next()?.cells ?? [];
    out.push([...cells, r.reason]);
  }
  // The reason is always the last column: phone columns of rows are the upload's indexes.
  return toSafeCsv(out, {
    bom: false,
    delimiter: layout.delimiter,
    phoneColumns: layout.phoneColumns,
    recordDelimiter: '\r\n',
  });
}
