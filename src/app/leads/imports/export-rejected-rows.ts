import type { TeamScope } from '../../../core/teams/scope';
import { listRejects } from '../../../db/queries/imports';
import type { AppDeps } from '../../deps';
import { getTeamImport } from './read-imports';

const csvQuote = (v: string) => `"${v.replace(/"/g, '""')}"`;

/**
 * The rejected rows exactly as uploaded (same delimiter, same line ends) with a reason column, ready to fix and upload
 * again. The import is looked up first (not_found before any byte); the rows are then read a page at a time.
 */
export async function rejectedRowsCsv(deps: Pick<AppDeps, 'db'>, scope: TeamScope, importId: string) {
  const imp = await getTeamImport(deps, scope, importId);
  const d = imp.delimiter ?? ',';
  const quoteIfNeeded = (v: string) => (/["\r\n]/.test(v) || v.includes(d) ? csvQuote(v) : v);
  const header = imp.hasHeader ? `${imp.headers.map(quoteIfNeeded).join(d)}${d}reason\r\n` : '';
  async function* chunks(): AsyncGenerator<string> {
    yield `\ufeff${header}`;
    let afterRow = 0;
    for (;;) {
      const page = await listRejects(deps.db, scope, imp.id, { afterRow, limit: 1000 });
      if (page.length === 0) return;
      let out = '';
      for (const r of page) {
        const end = /\r\n$|\n$|\r$/.exec(r.raw);
        const line = end ? r.raw.slice(0, -end[0].length) : r.raw;
        out += `${line}${d}${csvQuote(r.reason)}${end?.[0] ?? '\r\n'}`;
        afterRow = r.rowNumber;
      }
      yield out;
    }
  }
  const base = imp.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'import';
  return { fileName: `${base}-rejected.csv`, chunks: chunks() };
}
