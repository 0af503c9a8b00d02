import type { AnyReport } from '../../core/api/reports.types';
import { toSafeCsv } from '../../core/leads';
import type { TeamScope } from '../../core/teams/scope';
import type { AppDeps } from '../deps';
import { getReport } from './get-report';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A figure as a CSV cell: empty when we do not have it (the page's dash), never a made-up 0. */
const cell = (n: number | null, digits = 0) =>
  n === null ? '' : digits > 0 ? n.toFixed(digits) : String(Math.round(n));

/** The table the page shows beside its chart, as CSV: the current period, then the previous one for comparison. */
export function reportTable(report: AnyReport): string[][] {
  if (report.kind === 'agents')
    return [
      [
        'Agent',
        'Calls',
        'Human connects',
        'Talk (s)',
        'Average talk (s)',
        'Callbacks set',
        'Callbacks kept',
        'Wrap-up (s)',
        'Average wrap-up (s)',
        'Ready (h)',
        'Talk min per Ready hour',
        'Previous calls',
        'Previous human connects',
        'Previous talk (s)',
        'Previous callbacks set',
        'Previous callbacks kept',
        'Previous average wrap-up (s)',
      ],
      ...report.rows.map((r) => [
        r.name,
        cell(r.current.calls),
        cell(r.current.humanConnects),
        cell(r.current.talkSec),
        cell(r.current.averageTalkSec, 1),
        cell(r.current.callbacksSet),
        cell(r.current.callbacksKept),
        cell(r.current.wrapupSec),
        cell(r.current.averageWrapupSec, 1),
        cell(r.current.readySec === null ? null : r.current.readySec / 3600, 2),
        cell(r.current.talkMinPerReadyHour, 1),
        cell(r.previous.calls),
        cell(r.previous.humanConnects),
        cell(r.previous.talkSec),
        cell(r.previous.callbacksSet),
        cell(r.previous.callbacksKept),
        cell(r.previous.averageWrapupSec, 1),
      ]),
    ];
  if (report.kind === 'campaigns') {
    const keys = [...new Set(report.rows.flatMap((r) => r.current.dispositions.map((d) => d.key)))];
    return [
      [
        'Campaign',
        'Dialed',
        'Answered',
        'Person',
        'With an agent',
        ...keys,
        'Previous dialed',
        'Previous with an agent',
      ],
      ...report.rows.map((r) => [
        r.name,
        cell(r.current.dialed),
        cell(r.current.answered),
        cell(r.current.human),
        cell(r.current.connected),
        ...keys.map((k) => cell(r.current.dispositions.find((d) => d.key === k)?.calls ?? 0)),
        cell(r.previous.dialed),
        cell(r.previous.connected),
      ]),
      // The best time to call, after a blank line: each weekday and hour (callee's time) with calls.
      [],
      ["Callee's weekday", "Callee's hour", 'Calls', 'Reached a person', 'Contact rate', 'Previous contact rate'],
      ...report.bestTime.cells.map((c) => [
        WEEKDAYS[c.weekday - 1] ?? '',
        String(c.hour),
        cell(c.calls),
        cell(c.contacts),
        cell(c.contactRate, 3),
        cell(c.previousContactRate, 3),
      ]),
      // The lists as they stand now (not per period), after a blank line; absent for an agent.
      ...(report.lists
        ? [
            [],
            [
              'Campaign list now',
              'Leads',
              'Untouched',
              'In progress',
              'Final',
              'Callable now',
              'Attempts per dialed lead',
            ],
            ...report.lists.map((l) => [
              l.name,
              cell(l.leads),
              cell(l.untouched),
              cell(l.inProgress),
              cell(l.final),
              cell(l.callableNow),
              cell(l.attemptsPerLead, 2),
            ]),
          ]
        : []),
    ];
  }
  if (report.kind === 'caller-ids')
    return [
      [
        'Caller ID',
        'Status',
        'Daily cap',
        'Busiest day / cap',
        'Calls',
        'Answered',
        'Answer rate',
        'Short-call share',
        'Previous calls',
        'Previous answer rate',
        ...report.days.map((d) => `Answer rate ${d}`),
      ],
      ...report.rows.map((r) => [
        r.callerId,
        r.status ?? '',
        cell(r.dailyCap),
        cell(r.peakCapUse, 3),
        cell(r.current.calls),
        cell(r.current.answered),
        cell(r.current.answerRate, 3),
        cell(r.current.shortCallShare, 3),
        cell(r.previous.calls),
        cell(r.previous.answerRate, 3),
        ...r.daily.map((d) => cell(d.answerRate, 3)),
      ]),
    ];
  return [
    ['Ended as', 'Calls', 'Previous calls', ...report.days],
    ...report.rows.map((r) => [r.key, cell(r.current), cell(r.previous), ...r.daily.map((n) => cell(n))]),
  ];
}

/** The report as CSV (UTF-8 with a BOM, cells neutralised against formula injection; caller IDs stay numbers). */
export async function* exportReportCsv(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  kind: string,
  query: Record<string, string | undefined>,
): AsyncGenerator<string> {
  const report = await getReport(deps, scope, kind, query);
  yield toSafeCsv(reportTable(report), { bom: true, phoneColumns: report.kind === 'caller-ids' ? [0] : [] });
}
