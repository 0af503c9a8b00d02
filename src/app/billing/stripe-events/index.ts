import type { HandledPaymentEventType } from '../../../ports/payments';
import { chargeRefunded } from './charge-refunded';
import { checkoutSessionCompleted } from './checkout-session-completed';
import type { StripeEventHandler } from './context';
import { invoicePaid } from './invoice-paid';
import { invoicePaymentActionRequired } from './invoice-payment-action-required';
import { invoicePaymentFailed } from './invoice-payment-failed';
import { subscriptionChanged } from './subscription-changed';
import { subscriptionDeleted } from './subscription-deleted';

/** One handler per event type; the Record makes a newly handled type a compile error until it is routed. */
export const stripeEventHandlers: Record<HandledPaymentEventType, StripeEventHandler> = {
  'checkout.session.completed': checkoutSessionCompleted,
  'customer.subscription.created': subscriptionChanged,
  'customer.subscription.updated': subscriptionChanged,
  'customer.subscription.paused': subscriptionChanged,
  'customer.subscription.resumed': subscriptionChanged,
  'customer.subscription.trial_will_end': subscriptionChanged,
  'customer.subscription.deleted': subscriptionDeleted,
  'invoice.paid': invoicePaid,
  'invoice.payment_failed': invoicePaymentFailed,
  'invoice.payment_action_required': invoicePaymentActionRequired,
  'charge.refunded': chargeRefunded,
};
