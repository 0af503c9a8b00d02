// The one typed client the SPA uses to talk to the server (never anything but HTTP).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrfToken = (t: string) => {
  csrfToken = t;
};
export const getCsrfToken = () => csrfToken;

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; fields?: Record<string, string> };
  } | null;
  if (!res.ok) {
    const retry = res.headers.get('retry-after');
    const e = data?.error;
    throw new ApiError(
      res.status,
      e?.code ?? 'error',
      (e?.message ?? `Request failed (${res.status})`) + (res.status === 429 && retry ? ` (retry in ${retry} s)` : ''),
      e?.fields ?? {},
    );
  }
  return data as T;
}

export type { Role } from '../core/api/teams.types';
import type { Role } from '../core/api/teams.types';
export type TeamSummary = { id: string; name: string; role: Role };
export type Me = {
  user: { id: string; name: string; email: string; emailVerified: boolean };
  teams: TeamSummary[];
  operator: boolean;
  csrfToken: string;
};
export type Member = { id: string; userId: string; name: string; email: string; role: Role; joinedAt: string };
export type Invitation = {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  createdAt: string;
  invitedBy: string | null;
};
export type SessionRow = {
  id: string;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
};
export type SecurityEvent = {
  id: string;
  type: string;
  at: string;
  userName?: string | null;
  userEmail?: string | null;
  memberName?: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
};
