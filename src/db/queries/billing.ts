import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { SubscriptionStatus } from '../../core/billing/access';
import type { TeamScope } from '../../core/teams/scope';
import type { CardSummary, InvoiceStatus } from '../../ports/payments';
import type { Db, Tx } from '../client';
import { billingCustomers, invoices, members, subscriptions, teams, users, webhookEvents } from '../schema';

// Two kinds of callers: members of a team (a TeamScope, checked by the team-scope middleware) and
// provider webhooks, which name a team only through its Stripe customer id. The latter functions take
// a bare `teamId` that the caller resolved with findTeamIdByCustomer.

export type BillingCustomerRow = typeof billingCustomers.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;

const LIVE_STATUSES: readonly SubscriptionStatus[] = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'paused',
  'incomplete',
];
const BILLING_LOCK_SPACE = 7240;

/**
 * Serialises billing writes for one team across instances until the transaction ends, so a webhook and
 * a return-from-checkout poll that both re-read Stripe apply their reads in the order they made them.
 */
export async function lockTeamBilling(tx: Tx, teamId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${BILLING_LOCK_SPACE}, hashtext(${teamId}))`);
}

// ---- customers -------------------------------------------------------------------------------

export async function getBillingCustomer(db: Db, scope: TeamScope): Promise<BillingCustomerRow | null> {
  const [row] = await db.select().from(billingCustomers).where(eq(billingCustomers.teamId, scope.teamId));
  return row ?? null;
}

/** Keeps the first customer recorded for the team; returns whichever is stored. */
export async function saveBillingCustomer(
  db: Db,
  scope: TeamScope,
  stripeCustomerId: string,
): Promise<BillingCustomerRow> {
  await db.insert(billingCustomers).values({ teamId: scope.teamId, stripeCustomerId }).onConflictDoNothing();
  const row = await getBillingCustomer(db, scope);
  if (!row) throw new Error('billing customer vanished after insert');
  return row;
}

/**
 * The nonce of the team's open checkout attempt: reused while the attempt is younger than `reuseSince`
 * (a double submit gets the same Checkout Session), replaced otherwise. Atomic under the row lock.
 */
export async function claimCheckoutNonce(
  db: Db,
  scope: TeamScope,
  input: { freshNonce: string; now: Date; reuseSince: Date },
): Promise<string> {
  const reuse = and(
    sql`${billingCustomers.checkoutNonce} is not null`,
    gt(billingCustomers.checkoutStartedAt, input.reuseSince),
  );
  const [row] = await db
    .update(billingCustomers)
    .set({
      checkoutNonce: sql`case when ${reuse} then ${billingCustomers.checkoutNonce} else ${input.freshNonce} end`,
      checkoutStartedAt: sql`case when ${reuse} then ${billingCustomers.checkoutStartedAt} else ${input.now.toISOString()}::timestamptz end`,
    })
    .where(eq(billingCustomers.teamId, scope.teamId))
    .returning({ nonce: billingCustomers.checkoutNonce });
  if (!row?.nonce) throw new Error('no billing customer to start a checkout for');
  return row.nonce;
}

export async function findTeamIdByCustomer(db: Db, stripeCustomerId: string): Promise<string | null> {
  const [row] = await db
    .select({ teamId: billingCustomers.teamId })
    .from(billingCustomers)
    .where(eq(billingCustomers.stripeCustomerId, stripeCustomerId));
  return row?.teamId ?? null;
}

export async function markBillingSynced(
  db: Db,
  teamId: string,
  now: Date,
  opts: { checkoutDone: boolean },
): Promise<void> {
  await db
    .update(billingCustomers)
    .set({ syncedAt: now, ...(opts.checkoutDone ? { checkoutNonce: null, checkoutStartedAt: null } : {}) })
    .where(eq(billingCustomers.teamId, teamId));
}

// ---- subscriptions ---------------------------------------------------------------------------

/** The subscription that decides access: a live one before an ended one, then the latest period. */
export async function getCurrentSubscription(db: Db, scope: TeamScope): Promise<SubscriptionRow | null> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.teamId, scope.teamId))
    .orderBy(
      sql`case when ${subscriptions.status} in (${sql.join(
        LIVE_STATUSES.map((s) => sql`${s}`),
        sql`, `,
      )}) then 0 else 1 end`,
      sql`${subscriptions.currentPeriodEnd} desc nulls last`,
      desc(subscriptions.updatedAt),
    )
    .limit(1);
  return row ?? null;
}

export async function getSubscriptionByStripeId(db: Db, stripeSubscriptionId: string): Promise<SubscriptionRow | null> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.stripeSubscriptionId, stripeSubscriptionId));
  return row ?? null;
}

export type SubscriptionWrite = {
  teamId: string;
  stripeSubscriptionId: string;
  stripeCustomerId: string;
  status: SubscriptionStatus;
  seats: number;
  planId: string | null;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  pastDueSince: Date | null;
  card: CardSummary | null;
  now: Date;
};

export async function upsertSubscription(db: Db, input: SubscriptionWrite): Promise<void> {
  const values = {
    teamId: input.teamId,
    stripeSubscriptionId: input.stripeSubscriptionId,
    stripeCustomerId: input.stripeCustomerId,
    status: input.status,
    seats: input.seats,
    planId: input.planId,
    priceId: input.priceId,
    currentPeriodEnd: input.currentPeriodEnd,
    cancelAtPeriodEnd: input.cancelAtPeriodEnd,
    pastDueSince: input.pastDueSince,
    cardBrand: input.card?.brand ?? null,
    cardLast4: input.card?.last4 ?? null,
    cardExpMonth: input.card?.expMonth ?? null,
    cardExpYear: input.card?.expYear ?? null,
    updatedAt: input.now,
  };
  const { stripeSubscriptionId: _key, ...update } = values;
  await db
    .insert(subscriptions)
    .values(values)
    .onConflictDoUpdate({ target: subscriptions.stripeSubscriptionId, set: update });
}

// ---- invoices --------------------------------------------------------------------------------

export type InvoiceWrite = {
  teamId: string | null;
  stripeInvoiceId: string;
  stripeCustomerId: string;
  stripeSubscriptionId: string | null;
  number: string | null;
  createdAt: Date;
  amountDueCents: number;
  amountPaidCents: number;
  currency: string;
  status: InvoiceStatus;
  hostedInvoiceUrl: string | null;
  invoicePdfUrl: string | null;
  now: Date;
};

export async function upsertInvoice(db: Db, input: InvoiceWrite): Promise<void> {
  const { now, ...values } = input;
  const { stripeInvoiceId: _key, teamId, ...update } = values;
  await db
    .insert(invoices)
    .values({ ...values, updatedAt: now })
    // A known team link is never overwritten with null (the customer may be gone from our side).
    .onConflictDoUpdate({
      target: invoices.stripeInvoiceId,
      set: { ...update, ...(teamId ? { teamId } : {}), updatedAt: now },
    });
}

export async function listTeamInvoices(db: Db, scope: TeamScope, limit: number): Promise<InvoiceRow[]> {
  return db
    .select()
    .from(invoices)
    .where(eq(invoices.teamId, scope.teamId))
    .orderBy(desc(invoices.createdAt))
    .limit(limit);
}

// ---- webhook events --------------------------------------------------------------------------

/** True when this is the first time the event id is seen; false for a redelivery. */
export async function recordWebhookEvent(
  db: Db,
  input: { provider: string; eventId: string; type: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .insert(webhookEvents)
    .values({ provider: input.provider, eventId: input.eventId, type: input.type, receivedAt: input.now })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return rows.length > 0;
}

export async function markWebhookEventProcessed(
  db: Db,
  input: { provider: string; eventId: string; now: Date },
): Promise<void> {
  await db
    .update(webhookEvents)
    .set({ processedAt: input.now })
    .where(
      and(
        eq(webhookEvents.provider, input.provider),
        eq(webhookEvents.eventId, input.eventId),
        isNull(webhookEvents.processedAt),
      ),
    );
}

// ---- notices ---------------------------------------------------------------------------------

/** Where billing notices go: the team's owners (the only members who can pay). */
export async function teamOwnerContacts(db: Db, teamId: string): Promise<{ email: string; name: string }[]> {
  return db
    .select({ email: users.email, name: users.name })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.teamId, teamId), eq(members.role, 'owner')));
}

export async function teamName(db: Db, teamId: string): Promise<string | null> {
  const [row] = await db.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId));
  return row?.name ?? null;
}
