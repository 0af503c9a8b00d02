import type { LeadFilter } from '../../core/lead-table/filter';
import { toSafeCsv } from '../../core/leads';
import type { TeamScope } from '../../core/teams/scope';
import { exportCustomKeys, exportPage } from '../../db/queries/leads';
import type { AppDeps } from '../deps';

const PAGE = 5000;

// Phone and Alt phones hold E.164 numbers: written as data, without a formula guard (src/core/leads/csv-safe.ts).
const PHONE_COLUMNS = [0, 1];
const COLUMNS = [
  'Phone',
  'Alt phones',
  'First name',
  'Last name',
  'Email',
  'Address',
  'City',
  'State',
  'ZIP',
  'Status',
  'Tags',
  'Notes',
  'Campaign',
  'Attempts',
  'DNC',
  'Created',
];

/**
 * The matching leads as CSV text chunks: UTF-8 with a BOM (spreadsheet apps need it to read
 * accents), one column per custom field, every cell neutralised against formula injection. Pages
 * are read by id, so memory stays flat however many leads match. The headers are ones the importer
 * maps back, so importing an export into the same campaign adds nothing.
 */
export async function* exportLeadsCsv(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  filter: LeadFilter,
): AsyncGenerator<string> {
  const keys = await exportCustomKeys(deps.db, scope, filter);
  yield toSafeCsv([[...COLUMNS, ...keys]], { bom: true });
  let after: string | null = null;
  for (;;) {
    const page = await exportPage(deps.db, scope, filter, after, PAGE);
    if (page.length === 0) return;
    const rows = page.map(({ lead: l, campaignName }) => [
      l.phone,
      l.altPhones.join('; '),
      l.firstName ?? '',
      l.lastName ?? '',
      l.email ?? '',
      l.address ?? '',
      l.city ?? '',
      l.state ?? '',
      l.zip ?? '',
      l.status,
      l.tags.join(', '),
      l.notes ?? '',
      campaignName,
      String(l.attempts),
      l.dnc ? 'yes' : 'no',
      l.createdAt.toISOString(),
      ...keys.map((k) => l.custom[k] ?? ''),
    ]);
    yield toSafeCsv(rows, { bom: false, phoneColumns: PHONE_COLUMNS });
    after = page[page.length - 1]!.lead.id;
  }
}
