import {
  findTeamIdByCustomer,
  lockTeamBilling,
  markWebhookEventProcessed,
  recordWebhookEvent,
} from '../../db/queries/billing';
import type { Mail } from '../../ports/mailer';
import { isHandledPaymentEvent, type PaymentEvent } from '../../ports/payments';
import { billingNoticeMails, type BillingNotice } from './billing-notices';
import type { AppDeps } from '../deps';
import { stripeEventHandlers } from './stripe-events';

const PROVIDER = 'stripe';

export type StripeEventOutcome =
  | { status: 'processed'; teamId: string }
  /** Seen before (Stripe delivers at least once): acknowledged, nothing done. */
  | { status: 'duplicate' }
  /** A type we do not act on, or a customer that is not one of our teams. */
  | { status: 'ignored'; reason: string };

export type StripeWebhookOutcome = StripeEventOutcome | { status: 'rejected'; reason: string };

/** POST /webhooks/stripe: verify the signature over the raw body, then handle the event. */
export async function receiveStripeWebhook(
  deps: AppDeps,
  input: { rawBody: string; signature: string | undefined },
): Promise<StripeWebhookOutcome> {
  const verified = await deps.payments.verifyWebhook(input);
  if (!verified.ok) return { status: 'rejected', reason: verified.reason };
  return handleStripeEvent(deps, verified.event);
}

/**
 * One transaction per event. The event id goes in first, under its unique constraint: a redelivery
 * (even a concurrent one, which waits on the index) finds it and stops. Then the payload's ids are used
 * only as hints — the handler re-reads the objects from Stripe and stores what is true now, so events
 * arriving late or out of order converge. If anything fails (Stripe unreachable, say), the transaction
 * rolls back, the event id with it, and Stripe's retry processes the event afresh. The transaction
 * touches nothing but its own connection, so a burst of redeliveries cannot starve it of one.
 */
export async function handleStripeEvent(deps: AppDeps, event: PaymentEvent): Promise<StripeEventOutcome> {
  const { outcome, mails } = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const fresh = await recordWebhookEvent(tx, { provider: PROVIDER, eventId: event.id, type: event.type, now });
    if (!fresh) return { outcome: { status: 'duplicate' } as const, mails: [] };
    const done = async (result: StripeEventOutcome, mails: Mail[] = []) => {
      await markWebhookEventProcessed(tx, { provider: PROVIDER, eventId: event.id, now: deps.clock.now() });
      return { outcome: result, mails };
    };

    if (!isHandledPaymentEvent(event.type))
      return done({ status: 'ignored', reason: `event type ${event.type} is not handled` });
    const customerId = event.customerId ?? (await customerOf(deps, event));
    const teamId = customerId ? await findTeamIdByCustomer(tx, customerId) : null;
    if (!customerId || !teamId) {
      deps.log.info(
        { eventId: event.id, type: event.type },
        'stripe event for a customer that is not one of our teams; ignored',
      );
      return done({ status: 'ignored', reason: 'unknown customer' });
    }

    await lockTeamBilling(tx, teamId);
    const notices: BillingNotice[] = [];
    await stripeEventHandlers[event.type]({
      deps,
      tx,
      event,
      target: { teamId, customerId },
      notify: (n) => notices.push(n),
    });
    const mails: Mail[] = [];
    for (const notice of notices) mails.push(...(await billingNoticeMails(deps, tx, teamId, notice)));
    return done({ status: 'processed', teamId }, mails);
  });
  // After the commit, never inside: the mailer may need a pooled connection of its own, and concurrent
  // redeliveries of this event hold connections while they wait on our row — sending from inside the
  // transaction could exhaust the pool. The price is at-most-once notices; a failed send is logged.
  for (const mail of mails) {
    await deps.mailer.send(mail).catch((err: unknown) => {
      deps.log.error(
        { eventId: event.id, err: err instanceof Error ? err.message : String(err) },
        'billing notice could not be sent',
      );
    });
  }
  return outcome;
}

/** Events normally name their customer; when one does not, the object it is about does. */
async function customerOf(deps: AppDeps, event: PaymentEvent): Promise<string | undefined> {
  if (event.subscriptionId)
    return (await deps.payments.getSubscription({ subscriptionId: event.subscriptionId }))?.customerId;
  if (event.invoiceId) return (await deps.payments.getInvoice({ invoiceId: event.invoiceId }))?.customerId;
  return undefined;
}
