import Stripe from 'stripe';
import { AppError } from '../../core/errors';

/** What we were asking for, so a refusal can name the thing the operator must fix. */
export type StripeCallContext = { priceId?: string; customerId?: string };

export function isStripeNotFound(e: unknown): boolean {
  return e instanceof Stripe.errors.StripeError && (e.statusCode === 404 || e.code === 'resource_missing');
}

/**
 * Translates SDK failures into our closed set of codes. Network trouble, 5xx, throttling and a
 * rejected API key are the operator's or Stripe's problem, not the caller's: 'provider_unavailable'.
 * Any other 4xx means Stripe refused what we sent: 'invalid_input' with a message that names the cause.
 * Non-Stripe errors are bugs and pass through untouched.
 */
export function toAppError(e: unknown, ctx: StripeCallContext = {}): unknown {
  if (!(e instanceof Stripe.errors.StripeError)) return e;
  const status = e.statusCode;
  let err: AppError;
  if (e instanceof Stripe.errors.StripeConnectionError || status === undefined || status >= 500) {
    err = new AppError('provider_unavailable', 'Stripe could not be reached; please try again shortly.');
  } else if (status === 401 || status === 403) {
    err = new AppError(
      'provider_unavailable',
      'Stripe rejected the configured API key; the operator must check the Stripe secret key.',
    );
  } else if (status === 429) {
    err = new AppError('provider_unavailable', 'Stripe is throttling requests; please try again shortly.');
  } else if (e.code === 'resource_missing' && e.param?.includes('price') && ctx.priceId) {
    err = new AppError('invalid_input', `Plan price ${ctx.priceId} is not configured in Stripe.`, {
      fields: { priceId: 'not configured in Stripe' },
    });
  } else if (e.code === 'resource_missing' && e.param === 'customer' && ctx.customerId) {
    err = new AppError(
      'invalid_input',
      `Stripe customer ${ctx.customerId} does not exist (was it deleted in Stripe?).`,
      {
        fields: { customerId: 'unknown to Stripe' },
      },
    );
  } else {
    err = new AppError('invalid_input', `Stripe refused the request: ${e.message}`);
  }
  err.cause = e;
  return err;
}
