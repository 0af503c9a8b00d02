import type pg from 'pg';
import type { AppDeps } from '../app/deps';
import type { TeamScope } from '../core/teams/scope';
import type { ErrorReporter } from '../ports/error-reporter';
import type { Auth } from './auth';
import type { RealtimeHub } from './realtime';

export type ServerSettings = {
  isProduction: boolean;
  /** Third-party origins the CSP's connect-src admits: the browser leg's on SignalWire, none otherwise. */
  connectSources: string[];
  trustProxy: boolean;
  maxJsonBodyBytes: number;
  authRateLimit: { perAccount: number; perIp: number; windowSec: number };
  /** Requests one API key may make per window on /api/v1. */
  apiRateLimit: { perKey: number; windowSec: number };
  /** Requests one campaign's lead-drip URL takes per minute. */
  dripRateLimitPerMinute: number;
  /** Drip batches this process works on at once, and how many more may wait for a slot before 429s. */
  dripBatches: { active: number; waiting: number };
  csrfSecret: string;
  webDistDir: string | null;
  operatorEmails: string[];
};

export type ServerDeps = AppDeps & {
  auth: Auth;
  pool: pg.Pool;
  server: ServerSettings;
  reporter: ErrorReporter;
  /** This instance's LISTEN connection, fanning call changes out to SSE clients. */
  realtime: RealtimeHub;
  /**
   * Set when the telephony is the embedded simulator: another instance's request about a call this one placed
   * (the simulator keeps calls in memory; see SimulatorOptions.peer). Answers with a status and a JSON body.
   */
  simulatorPeer?: (input: {
    body: string;
    signature: string | undefined;
  }) => Promise<{ status: number; json: unknown }>;
};

export type SessionUser = { id: string; name: string; email: string; emailVerified: boolean };
export type SessionInfo = { id: string; updatedAt: Date };

export type AppEnv = {
  Variables: {
    clientIp: string;
    userAgent: string | null;
    user: SessionUser | null;
    session: SessionInfo | null;
    scope: TeamScope;
    /** Set on /api/v1 requests: the API key that made the request. */
    apiKey?: { id: string; access: 'read' | 'read_write' };
  };
};
