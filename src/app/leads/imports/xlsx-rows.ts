import { Readable } from 'node:stream';
import { isBlankRecord } from '../../../core/imports/csv-reader';
import { xlsxRowCells } from '../../../core/imports/xlsx-cells';
import type { AppDeps } from '../../deps';
import { readXlsxSheetNames } from './read-xlsx-sheet-names';

/** exceljs is loaded by the first workbook read, not at start-up: most instances never read one, and it costs ~20 MB. */
const loadExcelJs = async () => (await import('exceljs')).default;

export type XlsxRow = { sheet: string; number: number; cells: string[] };

/**
 * The non-blank rows of a stored workbook, sheet by sheet, read with exceljs's streaming reader so
 * memory stays flat whatever the file size (a zip cannot be entered in the middle: a resumed import
 * reads from the start and skips the rows its cursor says are committed).
 */
export async function* xlsxRows(deps: Pick<AppDeps, 'importFiles'>, importId: string): AsyncGenerator<XlsxRow> {
  const ExcelJS = await loadExcelJs();
  const names = await readXlsxSheetNames(deps, importId);
  const input = Readable.from(deps.importFiles.read(importId, { start: 0 }));
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date from a number; hyperlinks and other entries are not needed.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // The reader looks the sheet up in the workbook part it has read so far, and throws when a sheet comes before
  // that part; the names come from `names` anyway, so it may start from an empty one.
  Object.assign(workbook, { model: { sheets: [] } });
  try {
    for await (const sheet of workbook) {
      const { id, name: fallback } = sheet as unknown as { id: string; name: string };
      const name = names.get(String(id)) ?? fallback;
      for await (const row of sheet) {
        const cells = xlsxRowCells(row.values as unknown[]);
        if (!isBlankRecord(cells)) yield { sheet: name, number: row.number, cells };
      }
    }
  } finally {
    input.destroy();
  }
}

export type XlsxScan = { sheets: { name: string; rows: number }[]; samples: Map<string, string[][]> };

/** Every sheet with its count of non-blank rows and its first `sampleRows` rows. */
export async function scanXlsx(
  deps: Pick<AppDeps, 'importFiles'>,
  importId: string,
  sampleRows: number,
): Promise<XlsxScan> {
  const sheets: { name: string; rows: number }[] = [];
  const samples = new Map<string, string[][]>();
  for await (const r of xlsxRows(deps, importId)) {
    let s = sheets[sheets.length - 1];
    if (!s || s.name !== r.sheet) {
      s = { name: r.sheet, rows: 0 };
      sheets.push(s);
      samples.set(r.sheet, []);
    }
    s.rows++;
    const sample = samples.get(r.sheet)!;
    if (sample.length < sampleRows) sample.push(r.cells);
  }
  return { sheets, samples };
}
