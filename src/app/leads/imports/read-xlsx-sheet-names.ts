import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { xlsxSheetNames } from '../../../core/imports/xlsx-sheet-names';
import type { AppDeps } from '../../deps';

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
/** Both parts are a few kB even with hundreds of sheets; a larger one is not read into memory. */
const MAX_PART_BYTES = 4 * 1024 * 1024;

/** yauzl reads the stored upload by byte range: the directory at the end, then the two small parts. */
class ImportFileReader extends yauzl.RandomAccessReader {
  constructor(
    readonly deps: Pick<AppDeps, 'importFiles'>,
    readonly importId: string,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.deps.importFiles.read(this.importId, { start, end }));
  }
}

/**
 * Each sheet's name by the number of its part, read from the zip's central directory and the workbook's own two
 * parts before any row. exceljs's streaming reader names a sheet from xl/workbook.xml only if that part came before
 * the sheet in the file, and some writers (exceljs's own streaming writer among them) put it after: the sheets were
 * then called "Sheet1", "Sheet2"… An unreadable directory gives no names; the row reader reports what is wrong.
 */
export async function readXlsxSheetNames(
  deps: Pick<AppDeps, 'importFiles'>,
  importId: string,
): Promise<Map<string, string>> {
  const reader = new ImportFileReader(deps, importId);
  try {
    const zip = await yauzl.fromRandomAccessReaderPromise(reader, await deps.importFiles.size(importId));
    const parts = new Map<string, string>();
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== WORKBOOK && entry.fileName !== WORKBOOK_RELS) continue;
      if (entry.uncompressedSize > MAX_PART_BYTES) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      parts.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
      if (parts.size === 2) break;
    }
    return xlsxSheetNames(parts.get(WORKBOOK) ?? '', parts.get(WORKBOOK_RELS) ?? '');
  } catch {
    return new Map();
  }
}
