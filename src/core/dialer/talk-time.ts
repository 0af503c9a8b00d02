// How long an agent stays busy with a connected call (talk + wrap-up), as a log-normal fitted to the campaign's
// recent calls: call lengths are skewed (many short, a long tail), which a log-normal follows well. The pacer
// asks one question of it: given an agent has been busy `elapsed` seconds, how likely are they free within
// `horizon` seconds?

export type LogNormal = { readonly mu: number; readonly sigma: number };

/** Used until a campaign has enough calls of its own: median 90 s talk + wrap-up, a wide spread. */
export const DEFAULT_BUSY_TIME: LogNormal = { mu: Math.log(90), sigma: 0.8 };
/** Fewer samples than this and the fit is too noisy to trust. */
export const MIN_BUSY_SAMPLES = 20;
const MIN_SIGMA = 0.1;

/** Fits a log-normal to durations in seconds; non-positive or non-finite samples are ignored. */
export function fitBusyTime(seconds: readonly number[]): LogNormal {
  const logs = seconds.filter((s) => Number.isFinite(s) && s > 0).map(Math.log);
  if (logs.length < MIN_BUSY_SAMPLES) return DEFAULT_BUSY_TIME;
  const mu = logs.reduce((a, b) => a + b, 0) / logs.length;
  const variance = logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (logs.length - 1);
  return { mu, sigma: Math.max(MIN_SIGMA, Math.sqrt(variance)) };
}

/** P(busy time ≤ t). */
export function busyTimeCdf(dist: LogNormal, t: number): number {
  if (t <= 0) return 0;
  return normalCdf((Math.log(t) - dist.mu) / dist.sigma);
}

/** P(free within `horizon` s | busy for `elapsed` s so far). */
export function freeWithin(dist: LogNormal, elapsed: number, horizon: number): number {
  const done = busyTimeCdf(dist, Math.max(0, elapsed));
  const survive = 1 - done;
  // Far in the tail both terms vanish; such an agent is as likely as not to finish any moment.
  if (survive < 1e-12) return 0.5;
  const p = (busyTimeCdf(dist, Math.max(0, elapsed) + Math.max(0, horizon)) - done) / survive;
  return Math.min(1, Math.max(0, p));
}

/** Standard normal CDF through erf (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
