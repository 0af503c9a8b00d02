import type { Db } from '../../db/client';
import { teamName, teamOwnerContacts } from '../../db/queries/billing';
import type { Mail } from '../../ports/mailer';
import type { RemoteInvoice } from '../../ports/payments';
import type { AppDeps } from '../deps';

/**
 * The billing e-mails DialerSeat itself sends (to the team's owners). Stripe can send its own receipts
 * and payment e-mails too; README.md says which to turn on so customers do not get both.
 */
export type BillingNotice =
  | { kind: 'payment_failed'; graceEndsAt: Date; invoice: RemoteInvoice }
  | { kind: 'subscription_ended' }
  | { kind: 'receipt'; invoice: RemoteInvoice };

/** Amounts arrive in the currency's minor unit (cents for USD, whole yen for JPY). */
export function formatMoney(minor: number, currency: string): string {
  const fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(minor / 10 ** digits);
}

const at = (d: Date) => d.toUTCString();
/** "Fri, 05 Jun 2026" */
const dateOf = (d: Date) => d.toUTCString().slice(0, 16);

export async function billingNoticeMails(
  deps: AppDeps,
  db: Db,
  teamId: string,
  notice: BillingNotice,
): Promise<Mail[]> {
  const [owners, name] = await Promise.all([teamOwnerContacts(db, teamId), teamName(db, teamId)]);
  const team = name ?? 'your team';
  const billingUrl = `${deps.settings.publicBaseUrl}/app/settings/billing`;
  let subject: string;
  let lines: string[];
  switch (notice.kind) {
    case 'payment_failed': {
      const inv = notice.invoice;
      subject = `Payment failed for ${team} on DialerSeat — update your card by ${dateOf(notice.graceEndsAt)}`;
      lines = [
        `The weekly payment of ${formatMoney(inv.amountDueCents, inv.currency)} for "${team}" on DialerSeat did not go through.`,
        '',
        `Dialing and imports keep working until ${at(notice.graceEndsAt)} (the grace period). After that they pause until the payment succeeds.`,
        'Your leads, calls, recordings and settings stay readable and exportable either way.',
        '',
        `Update your payment method: ${billingUrl} (Manage billing)`,
        ...(inv.hostedInvoiceUrl ? [`Pay the open invoice directly: ${inv.hostedInvoiceUrl}`] : []),
      ];
      break;
    }
    case 'subscription_ended':
      subject = `Your DialerSeat subscription for ${team} has ended`;
      lines = [
        `The subscription of "${team}" on DialerSeat has ended, so dialing and imports are paused.`,
        '',
        'Nothing is deleted: every lead, call, recording (until its own 30-day expiry) and setting stays readable and exportable.',
        `Subscribe again whenever you like and everything is back as it was: ${billingUrl}`,
      ];
      break;
    case 'receipt': {
      const inv = notice.invoice;
      subject = `Receipt for ${team} on DialerSeat: ${formatMoney(inv.amountPaidCents, inv.currency)} paid`;
      lines = [
        `Thank you — we received ${formatMoney(inv.amountPaidCents, inv.currency)} for "${team}" on DialerSeat.`,
        '',
        `Invoice: ${inv.number ?? inv.id}, issued ${dateOf(inv.createdAt)}`,
        ...(inv.hostedInvoiceUrl ? [`View it online: ${inv.hostedInvoiceUrl}`] : []),
        ...(inv.invoicePdfUrl ? [`Download the PDF: ${inv.invoicePdfUrl}`] : []),
        '',
        `All invoices are listed under Settings → Billing: ${billingUrl}`,
      ];
      break;
    }
  }
  const text = lines.join('\n');
  return owners.map((o) => ({ to: o.email, subject, text }));
}
