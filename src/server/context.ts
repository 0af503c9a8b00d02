import type pg from 'pg';
import type { AppDeps } from '../app/deps';
import type { TeamScope } from '../core/teams/scope';
import type { ErrorReporter } from '../ports/error-reporter';
import type { Auth } from './auth';

export type ServerSettings = {
  isProduction: boolean;
  trustProxy: boolean;
  maxJsonBodyBytes: number;
  authRateLimit: { perAccount: number; perIp: number; windowSec: number };
  csrfSecret: string;
  webDistDir: string | null;
};

export type ServerDeps = AppDeps & {
  auth: Auth;
  pool: pg.Pool;
  server: ServerSettings;
  reporter: ErrorReporter;
};

export type SessionUser = { id: string; name: string; email: string };
export type SessionInfo = { id: string; updatedAt: Date };

export type AppEnv = {
  Variables: {
    clientIp: string;
    userAgent: string | null;
    user: SessionUser | null;
    session: SessionInfo | null;
    scope: TeamScope;
  };
};
