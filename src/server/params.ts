import type { Context } from 'hono';
import { notFound } from '../core/errors';
import { isUuid } from '../core/ids';

/**
 * A path id that must be a UUID: anything else names no row, so it is a 404 (not a database error). Returned in
 * its canonical lower-case form, which is also safe as a file name.
 */
export function idParam(c: Context, name: string, what = 'No such record'): string {
  const value = c.req.param(name) ?? '';
  if (!isUuid(value)) throw notFound(what);
  return value.toLowerCase();
}
