import { AppError } from '../../core/errors';
import { dateInRange } from '../../core/input';
import { isUuid } from '../../core/ids';
import { phoneSearchKey } from '../../core/leads';
import type { TeamScope } from '../../core/teams/scope';
import { listDncNumbers } from '../../db/queries/dnc';
import type { AppDeps } from '../deps';

const PAGE = 100;

/**
 * A page of the team's do-not-call list, newest first. `q` with three digits or more searches the number, anything
 * else the reason; `before` is the previous page's `next` cursor.
 */
export async function listDnc(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  input: { q: string; before: string | undefined },
) {
  const digits = phoneSearchKey(input.q);
  let before: { at: Date; id: string } | undefined;
  if (input.before) {
    const [at, id] = input.before.split('_');
    const atDate = dateInRange(at);
    if (!atDate || !id || !isUuid(id)) throw new AppError('invalid_input', 'Bad cursor');
    before = { at: atDate, id };
  }
  const page = await listDncNumbers(deps.db, scope, {
    digits: digits.length >= 3 ? digits : undefined,
    reason: digits.length < 3 && input.q !== '' ? input.q : undefined,
    before,
    limit: PAGE,
  });
  const last = page.numbers.at(-1);
  return { ...page, next: page.numbers.length === PAGE && last ? `${last.addedAt.toISOString()}_${last.id}` : null };
}
