/**
 * Turns a visited path into what anonymous analytics may store: the route's shape, never ids,
 * tokens or query strings (those can identify a person or a team).
 */
export function pageViewName(path: string): string | null {
  const clean = path.split(/[?#]/)[0] ?? '';
  if (!clean.startsWith('/') || clean.length > 200) return null;
  const parts = clean
    .split('/')
    .filter(Boolean)
    .map((seg) => (/^[a-z][a-z-]{0,40}$/.test(seg) ? seg : ':id'));
  if (parts[0] === 'invite' || parts[0] === 'reset-password') return `/${parts[0]}`;
  return `/${parts.slice(0, 6).join('/')}`;
}

/** UTC calendar day of an instant, as stored in usage_daily. */
export const usageDay = (now: Date) => now.toISOString().slice(0, 10);
