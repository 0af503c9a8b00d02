import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { receiveStripeWebhook } from '../../app/billing/handle-stripe-event';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';

/**
 * POST /webhooks/stripe — outside /api: no session, no CSRF; the signature is the authentication.
 * 400 for a bad, missing or stale signature (nothing changes); 200 once handled, and for a
 * redelivery; errors (Stripe unreachable while re-reading → 503) make Stripe retry later.
 */
export function stripeWebhookRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.post(
    '/',
    bodyLimit({
      maxSize: deps.server.maxJsonBodyBytes,
      onError: (c) => c.json(errorBody('invalid_input', 'Webhook body too large'), 413),
    }),
    async (c) => {
      if (!deps.payments.enabled)
        return c.json(errorBody('not_found', 'Billing is off on this instance; no Stripe webhook is configured'), 404);
      // The signature covers the exact bytes Stripe sent: read the raw text before anything parses it.
      const rawBody = await c.req.text();
      const outcome = await receiveStripeWebhook(deps, { rawBody, signature: c.req.header('stripe-signature') });
      if (outcome.status === 'rejected') {
        deps.log.warn({ reason: outcome.reason, ip: c.get('clientIp') }, 'stripe webhook rejected');
        return c.json(errorBody('invalid_input', `Webhook rejected: ${outcome.reason}`), 400);
      }
      return c.json({ received: true, status: outcome.status });
    },
  );
  return app;
}
