// Shapes of the billing endpoints as the SPA receives them (dates arrive as ISO strings).

export type Banner = {
  kind: 'past_due' | 'lapsed' | 'no_subscription' | 'action_required';
  message: string;
  graceEndsAt?: string;
};

export type TeamAccess = {
  billingEnabled: boolean;
  level: 'full' | 'grace' | 'lapsed' | 'none';
  canDial: boolean;
  canImport: boolean;
  canRead: true;
  canExport: true;
  seats: number | null;
  banner: Banner | null;
};

export type PublicPlan = { id: string; name: string; weeklyPriceCents: number; features: string[] };

export type Card = { brand: string; last4: string; expMonth: number; expYear: number };

export type BillingOverview = {
  billingEnabled: boolean;
  plans: PublicPlan[];
  subscription: {
    status: string;
    planId: string | null;
    planName: string | null;
    seats: number;
    weeklyTotalCents: number | null;
    currentPeriodEnd: string | null;
    cancelAtPeriodEnd: boolean;
    graceEndsAt: string | null;
    card: Card | null;
  } | null;
  invoices: {
    id: string;
    number: string | null;
    createdAt: string;
    amountDueCents: number;
    amountPaidCents: number;
    currency: string;
    status: string;
    hostedInvoiceUrl: string | null;
    invoicePdfUrl: string | null;
  }[];
  access: Omit<TeamAccess, 'billingEnabled'>;
  checkoutPending: boolean;
  canManage: boolean;
};

/** Subscriptions that still exist in Stripe: changed in the portal, never replaced by a second checkout. */
export const liveStatuses: ReadonlySet<string> = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused']);

export function formatMoney(minor: number, currency = 'usd'): string {
  const fmt = new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() });
  return fmt.format(minor / 10 ** (fmt.resolvedOptions().maximumFractionDigits ?? 2));
}

export const formatDate = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

export const statusLabel: Record<string, string> = {
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Payment past due',
  unpaid: 'Unpaid',
  canceled: 'Ended',
  incomplete: 'Awaiting first payment',
  incomplete_expired: 'Checkout expired',
  paused: 'Paused',
};
