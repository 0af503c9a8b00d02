import type { SubscriptionStatus } from '../core/billing/access';

/**
 * The payments provider as the app sees it. Our types only: no vendor object crosses this line.
 * Failures that are not "nothing there" throw AppError ('invalid_input' for requests the provider
 * refused, 'provider_unavailable' for network/5xx/auth trouble, 'invalid_state' when billing is off).
 */
export interface Payments {
  /** false on a self-hosted instance: every feature is on and nothing is billed. */
  readonly enabled: boolean;
  /** Returns `existingCustomerId` untouched when given, so a team gets exactly one customer. */
  ensureCustomer(input: EnsureCustomerInput): Promise<{ customerId: string }>;
  createCheckout(input: CreateCheckoutInput): Promise<{ url: string }>;
  createPortal(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  getSubscription(input: { subscriptionId: string }): Promise<RemoteSubscription | null>;
  /** The customer's subscription that matters now: a live one if any, else the most recent. */
  findSubscriptionForCustomer(input: { customerId: string }): Promise<RemoteSubscription | null>;
  /** Newest first. */
  listInvoices(input: { customerId: string }): Promise<RemoteInvoice[]>;
  getInvoice(input: { invoiceId: string }): Promise<RemoteInvoice | null>;
  /**
   * Checks the signature over the raw body (before any JSON parsing) and extracts ids. The ids are
   * hints: re-read state with getSubscription/getInvoice before acting. May throw
   * 'provider_unavailable' only when resolving a refunded charge to its invoice needs an API call.
   */
  verifyWebhook(input: { rawBody: string; signature: string | undefined }): Promise<WebhookVerification>;
}

export type EnsureCustomerInput = {
  teamId: string;
  email: string;
  name: string;
  existingCustomerId?: string | null;
};

export type CreateCheckoutInput = {
  customerId: string;
  /** Recorded on the session and subscription so support can trace a payment back to a team. */
  teamId: string;
  priceId: string;
  seats: number;
  successUrl: string;
  cancelUrl: string;
  /** Stable per user intent (e.g. per checkout attempt) so a double submit yields one session. */
  idempotencyKey: string;
};

/** Display data of a card, nothing more (never the fingerprint, country, holder or address). */
export type CardSummary = { brand: string; last4: string; expMonth: number; expYear: number };

export type RemoteSubscription = {
  id: string;
  customerId: string;
  status: SubscriptionStatus;
  seats: number;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  card: CardSummary | null;
};

export const invoiceStatuses = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export type RemoteInvoice = {
  id: string;
  customerId: string;
  subscriptionId: string | null;
  number: string | null;
  createdAt: Date;
  amountDueCents: number;
  amountPaidCents: number;
  /** ISO 4217, lowercase as the provider sends it (e.g. "usd"). */
  currency: string;
  status: InvoiceStatus;
  hostedInvoiceUrl: string | null;
  invoicePdfUrl: string | null;
};

/** Event types the app acts on; anything else verifies fine and should be acknowledged and ignored. */
export const handledPaymentEventTypes = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.trial_will_end',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.payment_action_required',
  'charge.refunded',
] as const;
export type HandledPaymentEventType = (typeof handledPaymentEventTypes)[number];

export function isHandledPaymentEvent(type: string): type is HandledPaymentEventType {
  return (handledPaymentEventTypes as readonly string[]).includes(type);
}

export type PaymentEvent = {
  /** The provider's event id: store it under a unique constraint before acting (delivery is at-least-once). */
  id: string;
  type: string;
  /** Id of the object the event is about (session, subscription, invoice or charge). */
  objectId: string;
  customerId?: string;
  subscriptionId?: string;
  invoiceId?: string;
};

export type WebhookVerification = { ok: true; event: PaymentEvent } | { ok: false; reason: string };
