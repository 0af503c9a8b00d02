import type Stripe from 'stripe';
import { subscriptionStatuses, type SubscriptionStatus } from '../../core/billing/access';
import {
  invoiceStatuses,
  type CardSummary,
  type InvoiceStatus,
  type PaymentEvent,
  type RemoteInvoice,
  type RemoteSubscription,
} from '../../ports/payments';

/** An expandable field is an id or the object; null/deleted yields undefined. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') return value.id;
  return undefined;
}

const fromUnix = (seconds: number | null | undefined): Date | null =>
  typeof seconds === 'number' ? new Date(seconds * 1000) : null;

export function mapStatus(status: string): SubscriptionStatus {
  // A status added after this code was written fails closed to "lapsed": data stays readable, dialing stops.
  return (subscriptionStatuses as readonly string[]).includes(status) ? (status as SubscriptionStatus) : 'unpaid';
}

function cardOf(pm: Stripe.PaymentMethod): CardSummary | null {
  const card = pm.card;
  if (pm.type !== 'card' || !card) return null;
  // Copy field by field: the PaymentMethod also carries fingerprint, country, billing name and address.
  return { brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year };
}

function isExpanded<T extends { id: string }>(value: string | T | null | undefined): value is T {
  return typeof value === 'object' && value !== null;
}

/** The card that pays the subscription: its own default, else the customer's invoice default. */
function subscriptionCard(sub: Stripe.Subscription): CardSummary | null {
  const own = sub.default_payment_method;
  if (own !== null) return isExpanded(own) ? cardOf(own) : null;
  const customer = sub.customer;
  if (!isExpanded(customer) || customer.deleted) return null;
  const fallback = customer.invoice_settings?.default_payment_method;
  return isExpanded(fallback) ? cardOf(fallback) : null;
}

export function mapSubscription(sub: Stripe.Subscription): RemoteSubscription {
  // We sell one per-seat price per subscription: the first item carries seats, price and period.
  const item = sub.items.data[0];
  return {
    id: sub.id,
    customerId: idOf(sub.customer) ?? '',
    status: mapStatus(sub.status),
    seats: item?.quantity ?? 0,
    priceId: item?.price.id ?? null,
    currentPeriodEnd: fromUnix(item?.current_period_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    card: subscriptionCard(sub),
  };
}

export function mapInvoice(inv: Stripe.Invoice): RemoteInvoice {
  const status = (invoiceStatuses as readonly string[]).includes(inv.status ?? '')
    ? (inv.status as InvoiceStatus)
    : 'draft';
  return {
    id: inv.id,
    customerId: idOf(inv.customer) ?? '',
    subscriptionId: idOf(inv.parent?.subscription_details?.subscription) ?? null,
    number: inv.number,
    createdAt: new Date(inv.created * 1000),
    amountDueCents: inv.amount_due,
    amountPaidCents: inv.amount_paid,
    currency: inv.currency,
    status,
    hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
    invoicePdfUrl: inv.invoice_pdf ?? null,
  };
}

/** Live subscriptions outrank ended ones; within a rank the newest wins. */
const LIVE: ReadonlySet<SubscriptionStatus> = new Set([
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'paused',
  'incomplete',
]);

export function pickCurrentSubscription(subs: readonly Stripe.Subscription[]): Stripe.Subscription | null {
  let best: Stripe.Subscription | null = null;
  for (const sub of subs) {
    if (best === null) {
      best = sub;
      continue;
    }
    const live = LIVE.has(mapStatus(sub.status));
    const bestLive = LIVE.has(mapStatus(best.status));
    if (live !== bestLive ? live : sub.created > best.created) best = sub;
  }
  return best;
}

type Loose = Record<string, unknown>;
const get = (obj: unknown, key: string): unknown => (obj && typeof obj === 'object' ? (obj as Loose)[key] : undefined);

/**
 * Ids from an event's object. The payload is rendered in the webhook endpoint's API version, which may
 * be older than the SDK's, so both the current and the legacy places of each id are read.
 */
export function eventIds(
  type: string,
  object: unknown,
): Omit<PaymentEvent, 'id' | 'type'> & { paymentIntentId?: string } {
  const objectId = idOf(object) ?? '';
  const customerId = idOf(get(object, 'customer'));
  const out: Omit<PaymentEvent, 'id' | 'type'> & { paymentIntentId?: string } = { objectId };
  if (customerId) out.customerId = customerId;
  const family = type.slice(0, type.lastIndexOf('.'));
  if (family === 'customer.subscription') {
    out.subscriptionId = objectId;
  } else if (family === 'checkout.session') {
    const sub = idOf(get(object, 'subscription'));
    if (sub) out.subscriptionId = sub;
    const inv = idOf(get(object, 'invoice'));
    if (inv) out.invoiceId = inv;
  } else if (family === 'invoice') {
    out.invoiceId = objectId;
    const sub =
      idOf(get(get(get(object, 'parent'), 'subscription_details'), 'subscription')) ??
      idOf(get(object, 'subscription'));
    if (sub) out.subscriptionId = sub;
  } else if (family === 'charge') {
    const inv = idOf(get(object, 'invoice'));
    if (inv) out.invoiceId = inv;
    const pi = idOf(get(object, 'payment_intent'));
    if (pi) out.paymentIntentId = pi;
  }
  return out;
}
