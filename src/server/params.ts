import type { Context } from 'hono';
import { notFound } from '../core/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path id that must be a UUID: anything else names no row, so it is a 404 (not a database error). Returned in
 * its canonical lower-case form, which is also safe as a file name.
 */
export function idParam(c: Context, name: string, what = 'No such record'): string {
  const value = c.req.param(name) ?? '';
  if (!UUID.test(value)) throw notFound(what);
  return value.toLowerCase();
}
