import type { WaitingSummary } from '../dialer/waiting-leads';

/** A response shape as the browser receives it: every Date serialised as an ISO string. */
type AsJson<T> = T extends Date ? string : T extends object ? { [K in keyof T]: AsJson<T[K]> } : T;

/** Why nothing in the campaign may be called now, as Next reports it when exhausted. */
export type WaitingLeadsResponse = AsJson<WaitingSummary>;
