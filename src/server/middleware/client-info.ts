import { getConnInfo } from '@hono/node-server/conninfo';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';

function normaliseIp(ip: string | undefined): string {
  if (!ip) return 'unknown';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/**
 * Resolves the caller's IP once: from the socket, or from X-Forwarded-For only when TRUST_PROXY
 * says a proxy we control sets it (otherwise a client could choose its own rate-limit key).
 */
export function clientInfo(trustProxy: boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let ip: string | undefined;
    if (trustProxy) ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (!ip) {
      try {
        ip = getConnInfo(c).remote.address;
      } catch {
        ip = undefined;
      }
    }
    c.set('clientIp', normaliseIp(ip));
    c.set('userAgent', c.req.header('user-agent')?.slice(0, 512) ?? null);
    await next();
  });
}
