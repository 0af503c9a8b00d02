// The abandon-rate figures and the per-campaign compliance report, as the server sends them and the browser reads
// them (dates are ISO strings on the wire: see AsJson in the browser).

/**
 * One measure of the abandon rate: abandoned ÷ live-answered calls, over the live answers whose call records say
 * whether an agent was connected or the safe-harbor message played (every call placed since those records exist).
 * Older answers without them are counted in `unrecorded` and left out of the rate; when every live answer is such
 * an older one, `abandoned` and `rate` are null and the page shows a dash, never an estimate.
 */
export type AbandonFigure = {
  from: Date;
  to: Date;
  /** Calls answered by a person (with AMD off: every answered call, machines included). */
  liveAnswered: number;
  /** Of those, answers from before the connect records existed: neither abandoned nor connected as far as we know. */
  unrecorded: number;
  abandoned: number | null;
  /** Live answers that heard the safe-harbor message (every one of them is also abandoned). */
  withMessage: number;
  /** abandoned ÷ (liveAnswered − unrecorded). */
  rate: number | null;
  /** True when the rate is strictly over the 3 % the safe harbor allows; null when the rate is unknown. */
  overLimit: boolean | null;
};

/** The campaign page's abandon figures: the law's current 30-day period and the rolling last 30 days. */
export type CampaignAbandonRate = {
  /** Successive 30-day periods from the campaign's creation; index 0 is the first. */
  period: AbandonFigure & { index: number };
  rolling: AbandonFigure;
  /** The campaign's target, in basis points (250 = 2.5 %). */
  targetBp: number;
};

/** How long unanswered calls rang, in buckets of whole seconds [fromSec, toSec). toSec null: open-ended. */
export type RingTimeBucket = { fromSec: number; toSec: number | null; calls: number };

export type RingTimes = {
  buckets: RingTimeBucket[];
  /** Unanswered calls whose ring time the records hold. */
  measured: number;
  /** Of those, calls that rang less than the 15 s the rule asks for. */
  underMinimum: number;
  /** Unanswered calls without a ringing or a known end time (the provider never said, or the end was inferred). */
  unmeasured: number;
  minimumSec: number;
};

export type ComplianceReport = {
  campaign: { id: string; name: string; createdAt: Date };
  targetBp: number;
  /** Every 30-day period since the campaign was created, newest first. */
  periods: (AbandonFigure & { index: number })[];
  ringTimes: RingTimes;
  generatedAt: Date;
};

type AsJson<T> = T extends Date ? string : T extends object ? { [K in keyof T]: AsJson<T[K]> } : T;

/** As the browser reads them. */
export type CampaignAbandonRateResponse = AsJson<CampaignAbandonRate>;
export type ComplianceReportResponse = AsJson<ComplianceReport>;
