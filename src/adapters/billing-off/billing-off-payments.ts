import { AppError } from '../../core/errors';
import type {
  CreateCheckoutInput,
  EnsureCustomerInput,
  Payments,
  RemoteInvoice,
  RemoteSubscription,
  WebhookVerification,
} from '../../ports/payments';

/**
 * The embedded twin for self-hosted instances: nothing is billed and every feature is on
 * (teamAccess grants full access when billing is off). Reads answer "nothing there" so billing
 * screens can render; actions that would move money refuse with a clear invalid_state.
 */
export class BillingOffPayments implements Payments {
  readonly enabled = false;

  async ensureCustomer(_input: EnsureCustomerInput): Promise<{ customerId: string }> {
    throw off('create a billing customer');
  }

  async createCheckout(_input: CreateCheckoutInput): Promise<{ url: string }> {
    throw off('start a checkout');
  }

  async createPortal(_input: { customerId: string; returnUrl: string }): Promise<{ url: string }> {
    throw off('open the billing portal');
  }

  async getSubscription(_input: { subscriptionId: string }): Promise<RemoteSubscription | null> {
    return null;
  }

  async findSubscriptionForCustomer(_input: { customerId: string }): Promise<RemoteSubscription | null> {
    return null;
  }

  async listInvoices(_input: { customerId: string }): Promise<RemoteInvoice[]> {
    return [];
  }

  async getInvoice(_input: { invoiceId: string }): Promise<RemoteInvoice | null> {
    return null;
  }

  async verifyWebhook(_input: { rawBody: string; signature: string | undefined }): Promise<WebhookVerification> {
    // With no secret there is nothing to verify against; accepting would let anyone forge billing events.
    return { ok: false, reason: 'billing is off' };
  }
}

function off(action: string): AppError {
  return new AppError(
    'invalid_state',
    `Billing is off on this instance (self-hosted, every feature included), so there is no need to ${action}.`,
  );
}
