import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import { AppError } from '../../core/errors';
import type {
  CreateCheckoutInput,
  EnsureCustomerInput,
  Payments,
  RemoteInvoice,
  RemoteSubscription,
  WebhookVerification,
} from '../../ports/payments';
import { isStripeNotFound, toAppError, type StripeCallContext } from './errors';
import { eventIds, idOf, mapInvoice, mapSubscription, pickCurrentSubscription } from './map';

export type StripePaymentsOptions = {
  secretKey: string;
  webhookSecret: string;
  /** Tests point these at a local fake; production leaves them unset (api.stripe.com over https). */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** Kept small: a user is waiting on most of these calls. */
  maxNetworkRetries?: number;
  timeoutMs?: number;
  /** Webhooks signed longer ago than this are refused (replay protection). */
  webhookToleranceSeconds?: number;
};

// Expanding both places the paying card can live saves a round trip per subscription read.
const SUBSCRIPTION_EXPAND = ['default_payment_method', 'customer.invoice_settings.default_payment_method'];
const INVOICE_HISTORY_LIMIT = 10_000;

export class StripePayments implements Payments {
  readonly enabled = true;
  private readonly stripe: Stripe;
  private readonly webhookSecret: string;
  private readonly tolerance: number;

  constructor(opts: StripePaymentsOptions) {
    if (!opts.secretKey) throw new Error('StripePayments needs a secretKey');
    if (!opts.webhookSecret) throw new Error('StripePayments needs a webhookSecret');
    this.webhookSecret = opts.webhookSecret;
    this.tolerance = opts.webhookToleranceSeconds ?? 300;
    this.stripe = new Stripe(opts.secretKey, {
      maxNetworkRetries: opts.maxNetworkRetries ?? 1,
      timeout: opts.timeoutMs ?? 20_000,
      telemetry: false,
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.protocol !== undefined ? { protocol: opts.protocol } : {}),
    });
  }

  async ensureCustomer(input: EnsureCustomerInput): Promise<{ customerId: string }> {
    if (input.existingCustomerId) return { customerId: input.existingCustomerId };
    // Keyed on the team and what we send, so a double submit makes one customer, while a changed
    // email within Stripe's 24 h key window does not collide with the earlier request.
    const fingerprint = createHash('sha256').update(`${input.email}\n${input.name}`).digest('hex').slice(0, 16);
    const customer = await this.call(() =>
      this.stripe.customers.create(
        { email: input.email, name: input.name, metadata: { teamId: input.teamId } },
        { idempotencyKey: `dialerseat-customer-${input.teamId}-${fingerprint}` },
      ),
    );
    return { customerId: customer.id };
  }

  async createCheckout(input: CreateCheckoutInput): Promise<{ url: string }> {
    if (!Number.isSafeInteger(input.seats) || input.seats < 1) {
      throw new AppError('invalid_input', `Seats must be a whole number of at least 1, got ${input.seats}.`, {
        fields: { seats: 'must be ≥ 1' },
      });
    }
    const session = await this.call(
      () =>
        this.stripe.checkout.sessions.create(
          {
            mode: 'subscription',
            customer: input.customerId,
            line_items: [{ price: input.priceId, quantity: input.seats }],
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            client_reference_id: input.teamId,
            metadata: { teamId: input.teamId },
            subscription_data: { metadata: { teamId: input.teamId } },
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      { priceId: input.priceId, customerId: input.customerId },
    );
    if (!session.url) throw new AppError('provider_unavailable', 'Stripe returned a checkout session without a URL.');
    return { url: session.url };
  }

  async createPortal(input: { customerId: string; returnUrl: string }): Promise<{ url: string }> {
    const session = await this.call(
      () => this.stripe.billingPortal.sessions.create({ customer: input.customerId, return_url: input.returnUrl }),
      { customerId: input.customerId },
    );
    return { url: session.url };
  }

  async getSubscription(input: { subscriptionId: string }): Promise<RemoteSubscription | null> {
    const sub = await this.callOrNull(() =>
      this.stripe.subscriptions.retrieve(input.subscriptionId, { expand: SUBSCRIPTION_EXPAND }),
    );
    return sub ? mapSubscription(sub) : null;
  }

  async findSubscriptionForCustomer(input: { customerId: string }): Promise<RemoteSubscription | null> {
    const list = await this.call(
      () =>
        this.stripe.subscriptions.list({
          customer: input.customerId,
          status: 'all',
          limit: 100,
          expand: SUBSCRIPTION_EXPAND.map((p) => `data.${p}`),
        }),
      { customerId: input.customerId },
    );
    const sub = pickCurrentSubscription(list.data);
    return sub ? mapSubscription(sub) : null;
  }

  async listInvoices(input: { customerId: string }): Promise<RemoteInvoice[]> {
    const invoices = await this.call(
      () =>
        this.stripe.invoices
          .list({ customer: input.customerId, limit: 100 })
          .autoPagingToArray({ limit: INVOICE_HISTORY_LIMIT }),
      { customerId: input.customerId },
    );
    return invoices.map(mapInvoice).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async getInvoice(input: { invoiceId: string }): Promise<RemoteInvoice | null> {
    const inv = await this.callOrNull(() => this.stripe.invoices.retrieve(input.invoiceId));
    return inv ? mapInvoice(inv) : null;
  }

  async verifyWebhook(input: { rawBody: string; signature: string | undefined }): Promise<WebhookVerification> {
    if (!input.signature) return { ok: false, reason: 'missing Stripe-Signature header' };
    let event: Stripe.Event;
    try {
      // constructEvent checks the timestamp against the tolerance; verifyHeader's default would skip it.
      event = this.stripe.webhooks.constructEvent(input.rawBody, input.signature, this.webhookSecret, this.tolerance);
    } catch (e) {
      return { ok: false, reason: rejectionReason(e) };
    }
    const { paymentIntentId, ...ids } = eventIds(event.type, event.data.object);
    if (event.type === 'charge.refunded' && !ids.invoiceId && paymentIntentId) {
      // Charges no longer name their invoice; the invoice payment joins them.
      const invoiceId = await this.invoiceForPaymentIntent(paymentIntentId);
      if (invoiceId) ids.invoiceId = invoiceId;
    }
    return { ok: true, event: { id: event.id, type: event.type, ...ids } };
  }

  private async invoiceForPaymentIntent(paymentIntentId: string): Promise<string | undefined> {
    const list = await this.call(() =>
      this.stripe.invoicePayments.list({
        payment: { type: 'payment_intent', payment_intent: paymentIntentId },
        limit: 1,
      }),
    );
    return idOf(list.data[0]?.invoice);
  }

  private async call<T>(fn: () => Promise<T>, ctx?: StripeCallContext): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toAppError(e, ctx);
    }
  }

  private async callOrNull<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch (e) {
      if (isStripeNotFound(e)) return null;
      throw toAppError(e);
    }
  }
}

function rejectionReason(e: unknown): string {
  if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
    // Stripe's messages run on with troubleshooting links; the first sentence is what a log needs.
    const first = e.message.split(/(?<=[.!?])\s/)[0] ?? e.message;
    return `signature rejected: ${first.slice(0, 160)}`;
  }
  return 'malformed webhook payload';
}
