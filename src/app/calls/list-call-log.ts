import { z } from 'zod';
import { boundedDate, dateInRange } from '../../core/input';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { callDirectionValues, callOutcomeValues } from '../../db/schema';
import { listCallLog, type CallLogFilter, type CallLogRow } from '../../db/queries/call-log';
import type { AppDeps } from '../deps';

const PAGE = 50;

export const callLogFilterSchema = z.object({
  campaignId: z.uuid().optional(),
  agentId: z.string().min(1).max(100).optional(),
  leadId: z.uuid().optional(),
  /** A disposition key, or "none" for calls not dispositioned. */
  disposition: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .optional(),
  outcome: z.enum(callOutcomeValues).optional(),
  direction: z.enum(callDirectionValues).optional(),
  from: boundedDate().optional(),
  to: boundedDate().optional(),
});

const cursorSchema = z.string().max(200).optional();

function encodeCursor(row: CallLogRow): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = dateInRange(at);
  if (!createdAt || !z.uuid().safeParse(id).success) throw new AppError('invalid_input', 'Bad page cursor');
  return { createdAt, id: id! };
}

/** One page of the call log, newest first; agents see their own calls, admins and owners the team's. */
export async function listCalls(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  query: Record<string, string | undefined>,
): Promise<{ calls: CallLogRow[]; next: string | null }> {
  const filter: CallLogFilter = callLogFilterSchema.parse(query);
  const after = decodeCursor(cursorSchema.parse(query.cursor));
  const rows = await listCallLog(deps.db, scope, filter, { after, limit: PAGE + 1 });
  const page = rows.slice(0, PAGE);
  return { calls: page, next: rows.length > PAGE ? encodeCursor(page[page.length - 1]!) : null };
}
