import {
  callerIdHealthSettingsSchema,
  DEFAULT_CALLER_ID_HEALTH,
  type CallerIdHealthSettings,
} from '../telephony/caller-id-health';

// Caller-ID health on the Caller IDs page: shapes shared by the page and the server (decision 0013).

/** PUT /api/teams/:teamId/caller-ids/health (admins): the whole rule. */
export { callerIdHealthSettingsSchema, DEFAULT_CALLER_ID_HEALTH, type CallerIdHealthSettings };

export type CallerIdHealthNumber = {
  id: string;
  e164: string;
  status: 'resting' | 'in_use';
  restedUntil: string | null;
  /** Ended and answered calls over the rule's window; the rate is null without calls. */
  calls: number;
  answered: number;
  answerRate: number | null;
};

export type CallerIdHealthEvent = {
  id: number;
  e164: string;
  kind: 'rested' | 'revived';
  at: string;
  calls: number;
  answered: number;
  poolMedian: number | null;
  restedUntil: string | null;
};

/** GET /api/teams/:teamId/caller-ids/health */
export type CallerIdHealthResponse = {
  settings: CallerIdHealthSettings;
  poolMedian: number | null;
  numbers: CallerIdHealthNumber[];
  events: CallerIdHealthEvent[];
};
