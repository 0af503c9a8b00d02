import { z } from 'zod';

// Shared input schemas for dates people give. PostgreSQL cannot store a timestamp beyond its own range, and
// JavaScript dates reach further; these refuse such input as a 400, not a 500. (NUL characters, which PostgreSQL
// cannot store either, are refused for every /api request by the input gate, src/server/middleware/json-body.ts.)

const EARLIEST = new Date('1900-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59Z');

/** A date (ISO text or epoch ms) between 1900 and 9999. */
export const boundedDate = (opts: { error?: string } = {}) =>
  z.coerce
    .date(opts.error ? { error: opts.error } : undefined)
    .min(EARLIEST, { error: 'Give a date after 1900' })
    .max(LATEST, { error: 'Give a date before the year 10000' });

/** Parses a date that must be in range, or undefined for anything else (for lenient cursors and filters). */
export function dateInRange(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const r = boundedDate().safeParse(value);
  return r.success ? r.data : undefined;
}

/** Control characters and line separators: what a one-line name must not hold (they break headers, logs and mail). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** True when the text holds a control character or line separator. */
export const hasControlCharacters = (text: string) => new RegExp(CONTROL_CHARACTERS.source).test(text);
