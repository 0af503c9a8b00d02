import { boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { teams } from './teams';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** One Stripe customer per team, created on the first checkout and reused for every later one. */
export const billingCustomers = pgTable('billing_customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  teamId: uuid('team_id')
    .notNull()
    .unique()
    .references(() => teams.id, { onDelete: 'cascade' }),
  stripeCustomerId: text('stripe_customer_id').notNull().unique(),
  // The open checkout attempt: its nonce goes into the idempotency key, so a double submit yields one
  // session while a later attempt (after completion or expiry) gets a fresh one.
  checkoutNonce: text('checkout_nonce'),
  checkoutStartedAt: ts('checkout_started_at'),
  /** Last time we re-read this customer's subscription from Stripe (throttles the return-from-checkout poll). */
  syncedAt: ts('synced_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * One row per Stripe subscription (a team that resubscribes has an ended row and a live one). Only what
 * the app shows or decides on is kept; of the card, only brand, last 4 and expiry (privacy policy §2).
 */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    stripeSubscriptionId: text('stripe_subscription_id').notNull().unique(),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    status: text('status', {
      enum: ['active', 'trialing', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused'],
    }).notNull(),
    seats: integer('seats').notNull(),
    /** Our plan id; null when the Stripe price is not (or no longer) in PLANS. */
    planId: text('plan_id'),
    priceId: text('price_id'),
    currentPeriodEnd: ts('current_period_end'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    /** First moment we saw past_due; the grace period counts from here and survives re-syncs. */
    pastDueSince: ts('past_due_since'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    cardExpMonth: integer('card_exp_month'),
    cardExpYear: integer('card_exp_year'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('subscriptions_team_idx').on(t.teamId)],
);

/**
 * Billing records are kept 7 years (tax law), even after the team is deleted: the team link is then
 * cleared and the Stripe customer id keeps the record attributable.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stripeInvoiceId: text('stripe_invoice_id').notNull().unique(),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    stripeSubscriptionId: text('stripe_subscription_id'),
    number: text('number'),
    /** When Stripe created the invoice (the retention clock starts here). */
    createdAt: ts('created_at').notNull(),
    amountDueCents: integer('amount_due_cents').notNull(),
    amountPaidCents: integer('amount_paid_cents').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['draft', 'open', 'paid', 'uncollectible', 'void'] }).notNull(),
    hostedInvoiceUrl: text('hosted_invoice_url'),
    invoicePdfUrl: text('invoice_pdf_url'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('invoices_team_created_idx').on(t.teamId, t.createdAt), index('invoices_created_idx').on(t.createdAt)],
);

/** Provider event ids, stored before acting: the unique constraint is what makes a redelivery a no-op. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
  },
  (t) => [
    unique('webhook_events_provider_event_uq').on(t.provider, t.eventId),
    index('webhook_events_received_idx').on(t.receivedAt),
  ],
);
