import { toSafeCsv } from '../../core/leads';
import type { TeamScope } from '../../core/teams/scope';
import { listCallLog, type CallLogFilter } from '../../db/queries/call-log';
import type { AppDeps } from '../deps';
import { callLogFilterSchema } from './list-call-log';

const PAGE = 2000;
const COLUMNS = [
  'Call ID',
  'Placed',
  'Campaign',
  'Agent',
  'Lead',
  'Dialed number',
  'Caller ID',
  'Status',
  'Outcome',
  'AMD',
  'Disposition',
  'Notes',
  'Callback',
  'Answered',
  'Ended',
  'Duration (s)',
  'Recorded',
  // The voicemail drop played to a machine: when it started, and which message.
  'Voicemail drop',
  'Drop message',
  // Inbound: the lead called one of our numbers ("Dialed number" is then theirs, "Caller ID" the one they rang).
  'Direction',
];

// Dialed number and Caller ID are E.164 numbers.
const PHONE_COLUMNS = [5, 6];

const iso = (d: Date | null) => (d ? d.toISOString() : '');

/**
 * The filtered call log as CSV chunks, newest first, read page by page (flat memory); UTF-8 with a BOM and every
 * cell neutralised against formula injection (notes and names are whatever people typed).
 */
export async function* exportCallsCsv(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  query: Record<string, string | undefined>,
): AsyncGenerator<string> {
  const filter: CallLogFilter = callLogFilterSchema.parse(query);
  // The first page is read before the header row: a failing filter then fails the request (a clean 400/500
  // before any byte), never a 200 whose file silently ends after the header.
  let page = await listCallLog(deps.db, scope, filter, { after: null, limit: PAGE });
  yield toSafeCsv([COLUMNS], { bom: true });
  let after: { createdAt: Date; id: string } | null = null;
  for (let first = true; ; first = false) {
    if (!first) page = await listCallLog(deps.db, scope, filter, { after, limit: PAGE });
    if (page.length === 0) return;
    const rows = page.map((c) => [
      c.id,
      iso(c.createdAt),
      c.campaignName ?? '',
      c.agentName ?? '',
      [c.leadFirstName, c.leadLastName].filter(Boolean).join(' '),
      c.dialedNumber,
      c.callerId,
      c.status,
      c.outcome ?? '',
      c.amdResult ?? '',
      c.disposition ?? '',
      c.notes ?? '',
      iso(c.callbackAt),
      iso(c.answeredAt),
      iso(c.endedAt),
      c.durationSec === null ? '' : String(c.durationSec),
      c.record ? 'yes' : 'no',
      iso(c.voicemailDropAt),
      c.voicemailDropMessage ?? '',
      c.direction,
    ]);
    yield toSafeCsv(rows, { bom: false, phoneColumns: PHONE_COLUMNS });
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
