import { rejectsCsvHeader, rejectsCsvRows } from '../../../core/imports/rejects-csv';
import type { TeamScope } from '../../../core/teams/scope';
import { listRejects } from '../../../db/queries/imports';
import type { AppDeps } from '../../deps';
import { getTeamImport } from './read-imports';

/**
 * The rejected rows as uploaded (same columns and delimiter, cells made formula-safe) with a reason column, ready to
 * fix and upload again. The import is looked up first (not_found before any byte); the rows are then read a page at a
 * time.
 */
export async function rejectedRowsCsv(deps: Pick<AppDeps, 'db'>, scope: TeamScope, importId: string) {
  const imp = await getTeamImport(deps, scope, importId);
  const layout = {
    delimiter: imp.delimiter ?? ',',
    phoneColumns: ((imp.mapping ?? []) as { column: number; field: string }[])
      .filter((m) => m.field === 'phone')
      .map((m) => m.column),
  };
  async function* chunks(): AsyncGenerator<string> {
    yield rejectsCsvHeader(imp.hasHeader ? imp.headers : null, layout);
    let afterRow = 0;
    for (;;) {
      const page = await listRejects(deps.db, scope, imp.id, { afterRow, limit: 1000 });
      if (page.length === 0) return;
      afterRow = page[page.length - 1]!.rowNumber;
      yield rejectsCsvRows(page, layout);
    }
  }
  const base =
    imp.fileName
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 80) || 'import';
  return { fileName: `${base}-rejected.csv`, chunks: chunks() };
}
