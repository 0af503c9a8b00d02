import { createMiddleware } from 'hono/factory';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../context';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

/** The path (a.b.0.c) of the first string holding a NUL character, or null. PostgreSQL cannot store one. */
export function findNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '_' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], [...path, String(i)]);
      if (hit !== null) return hit;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findNul(k, [...path, k]) ?? findNul(v, [...path, k]);
      if (hit !== null) return hit;
    }
  }
  return null;
}

const nulError = (field: string) =>
  new AppError(
    'invalid_input',
    `${field === '_' ? 'The input' : field} contains a NUL character (\\u0000); remove it and try again`,
    {
      fields: { [field]: 'Contains a NUL character' },
    },
  );

/**
 * Parses a JSON request body into a plain object, or throws 400/415 with a message that says what to fix. The
 * one place bad bodies are refused, so no route can turn them into a 500.
 */
export function parseJsonObject(text: string, contentType: string | undefined): Record<string, unknown> {
  if (text.trim() === '') return {};
  if (!contentType || !JSON_TYPE.test(contentType))
    throw new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new AppError(
      'invalid_input',
      `The body is not valid JSON (${err instanceof Error ? err.message : 'parse error'})`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new AppError('invalid_input', 'The body must be a JSON object, e.g. {"name": "…"}');
  const nul = findNul(parsed);
  if (nul !== null) throw nulError(nul);
  return parsed as Record<string, unknown>;
}

/**
 * Every /api request: query values and path segments holding a NUL are refused, and a body on a JSON route is
 * checked here (an empty body counts as `{}`). Routes keep calling `c.req.json()`/`c.req.text()` on the cached
 * text. Streamed uploads and better-auth's routes (which parse with `parseJsonObject` themselves)
 * are passed through.
 */
export function jsonBody(opts: { passThrough: (method: string, path: string) => boolean }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    if (safeDecode(url.pathname).includes('\u0000')) throw new AppError('not_found', 'No such path');
    for (const [key, value] of url.searchParams) if (`${key}${value}`.includes('\u0000')) throw nulError(key);
    if (!WITH_BODY.has(c.req.method) || opts.passThrough(c.req.method, c.req.path)) return next();
    const text = await c.req.text();
    parseJsonObject(text, c.req.header('content-type'));
    // Hono caches the text it read: later `json()`/`text()` calls see it, and an empty body reads as '{}'.
    if (text.trim() === '') (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve('{}');
    await next();
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
