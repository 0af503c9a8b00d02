/**
 * Every retention period DialerSeat promises, in one place. The privacy page renders `retentionRules` and the purge jobs
 * call `cutoff`, so the text users read and the rows we delete cannot drift apart.
 *
 * Calendar arithmetic is done in UTC: a period is a fixed span of the timeline, not of someone's wall clock.
 */

export type RetentionPeriod = { readonly amount: number; readonly unit: 'days' | 'years' };

/** What happens to a kind of data when its team asks us to delete their account. */
export type OnDeletionRequest = 'deleted' | 'kept for its period';

export type RetentionRule = {
  readonly kind: RetentionKind;
  /** What the data is, as the privacy page names it. */
  readonly title: string;
  /** How long it is kept, as the privacy page says it; built from `period` so the two cannot disagree. */
  readonly label: string;
  /** `null`: no clock — kept while the account exists (also through a lapse), deleted on request. */
  readonly period: RetentionPeriod | null;
  readonly onDeletionRequest: OnDeletionRequest;
  readonly note?: string;
};

/** Kinds deleted automatically once their period has run. */
export type ExpiringKind =
  | 'recording'
  | 'securityEvent'
  | 'errorLog'
  | 'exportFile'
  | 'outboxMail'
  | 'webhookDelivery'
  | 'leadDripLog'
  | 'billingRecord';
/** Kinds kept while the account exists; only a deletion request removes them. */
export type AccountBoundKind = 'accountData' | 'leadData' | 'callData' | 'callDetailRecord';
export type RetentionKind = ExpiringKind | AccountBoundKind;

const days = (amount: number): RetentionPeriod => ({ amount, unit: 'days' });
const years = (amount: number): RetentionPeriod => ({ amount, unit: 'years' });

const formatPeriod = ({ amount, unit }: RetentionPeriod): string =>
  `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;

const UNTIL_DELETION =
  'Kept while your account exists, including after a cancellation, and deleted when you ask us to.';

const expiring = (
  kind: ExpiringKind,
  title: string,
  period: RetentionPeriod,
  after: string,
  onDeletionRequest: OnDeletionRequest,
  note?: string,
): RetentionRule => ({
  kind,
  title,
  label: `${formatPeriod(period)} after ${after}, then deleted automatically.`,
  period,
  onDeletionRequest,
  ...(note === undefined ? {} : { note }),
});

const accountBound = (kind: AccountBoundKind, title: string, note?: string): RetentionRule => ({
  kind,
  title,
  label: UNTIL_DELETION,
  period: null,
  onDeletionRequest: 'deleted',
  ...(note === undefined ? {} : { note }),
});

/** The TSR's record-keeping period for call-detail records (16 CFR 310.5, as amended in 2024). */
export const callDetailRecordMinimum: RetentionPeriod = years(5);

/** In the order the privacy page lists them. */
export const retentionRules: readonly RetentionRule[] = [
  accountBound('accountData', 'Account data'),
  accountBound('leadData', 'Lead and contact data'),
  accountBound('callData', 'Call activity data (numbers dialed, caller ID, times, dispositions, notes)'),
  accountBound(
    'callDetailRecord',
    'Dial decisions (which calling rules were checked, the zones and local times used, and the verdict) and each ' +
      'call’s abandoned-call record (how long it rang, when it was answered and by a person or a machine, when an ' +
      'agent was connected or the safe-harbor message played)',
    `Telemarketing rules ask the seller to keep call-detail records for ${formatPeriod(callDetailRecordMinimum)}; ` +
      'we keep these records with your call data, and nothing of ours deletes them on a timer. ' +
      'When your team asks for deletion, its call records are deleted too: you are the controller of that data and that ' +
      'duty is yours, so export your call history first if you still need it.',
  ),
  expiring(
    'recording',
    'Call recordings',
    days(30),
    'the call',
    'deleted',
    'Download a recording before then to keep it.',
  ),
  expiring('exportFile', 'Finished export files', days(7), 'the export finishes', 'deleted'),
  expiring(
    'outboxMail',
    'Copies of e-mail in the built-in outbox (installations without an e-mail server)',
    days(30),
    'the e-mail is written',
    'deleted',
  ),
  expiring(
    'webhookDelivery',
    'Copies of the events sent to your own webhook endpoints (the delivery log)',
    days(30),
    'the event',
    'deleted',
  ),
  expiring(
    'leadDripLog',
    'The log of leads sent to a campaign’s lead-drip address (each request and what was stored)',
    days(30),
    'the request',
    'deleted',
  ),
  expiring(
    'securityEvent',
    'Security logs (sign-ins, sessions, permission changes)',
    days(90),
    'the event',
    'kept for its period',
  ),
  expiring(
    'errorLog',
    'Error logs and crash reports (personal data scrubbed)',
    days(90),
    'the error',
    'kept for its period',
  ),
  expiring(
    'billingRecord',
    'Invoices and billing records',
    years(7),
    'the invoice',
    'kept for its period',
    'Tax law requires us to keep them, so they outlive a deletion request.',
  ),
];

const ruleByKind = new Map(retentionRules.map((rule) => [rule.kind, rule]));

export function retentionRule(kind: RetentionKind): RetentionRule {
  const rule = ruleByKind.get(kind);
  // Unreachable while the list above names every kind; the test enforces that.
  if (!rule) throw new Error(`no retention rule for ${kind}`);
  return rule;
}

const DAY_MS = 86_400_000;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * `from` plus whole years. A Feb 29 start in a year whose anniversary year has no Feb 29 ends at the first instant of
 * Mar 1 — the moment Feb 29 would have begun. Mapping the whole day there (not to Feb 28 or Mar 1 at the same time of
 * day) keeps the function monotonic, so "expired" is always "started before the cutoff", and never ends a legally
 * required period early.
 */
function addYears(from: Date, amount: number): Date {
  const year = from.getUTCFullYear() + amount;
  if (from.getUTCMonth() === 1 && from.getUTCDate() === 29 && !isLeapYear(year)) {
    return new Date(Date.UTC(year, 2, 1));
  }
  const d = new Date(from.getTime());
  d.setUTCFullYear(year);
  return d;
}

/** The earliest start whose `addYears(start, amount)` is at or after `end`: the exact inverse of `addYears`. */
function subtractYears(end: Date, amount: number): Date {
  const year = end.getUTCFullYear() - amount;
  const month = end.getUTCMonth();
  const date = end.getUTCDate();
  const startOfDay = end.getTime() % DAY_MS === 0;
  if (month === 1 && date === 29 && !isLeapYear(year)) {
    // Starts up to the end of Feb 28 end earlier; the next start that reaches `end` is Mar 1 at midnight.
    return new Date(Date.UTC(year, 2, 1));
  }
  if (month === 2 && date === 1 && startOfDay && isLeapYear(year) && !isLeapYear(end.getUTCFullYear())) {
    // Every start on Feb 29 lands exactly on this midnight, so the earliest of them is the cutoff.
    return new Date(Date.UTC(year, 1, 29));
  }
  const d = new Date(end.getTime());
  d.setUTCFullYear(year);
  return d;
}

function shift(period: RetentionPeriod, at: Date, direction: 1 | -1): Date {
  if (period.unit === 'days') return new Date(at.getTime() + direction * period.amount * DAY_MS);
  return direction === 1 ? addYears(at, period.amount) : subtractYears(at, period.amount);
}

/**
 * The last instant a row of this kind started at `from` is kept; it is expired strictly after it.
 * `null` for kinds kept while the account exists.
 */
export function expiresAt(kind: ExpiringKind, from: Date): Date;
export function expiresAt(kind: RetentionKind, from: Date): Date | null;
export function expiresAt(kind: RetentionKind, from: Date): Date | null {
  const { period } = retentionRule(kind);
  return period === null ? null : shift(period, from, 1);
}

export function isExpired(kind: RetentionKind, from: Date, now: Date): boolean {
  const end = expiresAt(kind, from);
  return end !== null && now.getTime() > end.getTime();
}

/**
 * Rows of this kind that started strictly before the returned instant are expired at `now`
 * (`WHERE started_at < cutoff`): the same verdict as `isExpired` for every row. `null` for kinds with no clock.
 */
export function cutoff(kind: ExpiringKind, now: Date): Date;
export function cutoff(kind: RetentionKind, now: Date): Date | null;
export function cutoff(kind: RetentionKind, now: Date): Date | null {
  const { period } = retentionRule(kind);
  return period === null ? null : shift(period, now, -1);
}
