import type { Tx } from '../../../db/client';
import type { PaymentEvent } from '../../../ports/payments';
import type { BillingNotice } from '../billing-notices';
import type { AppDeps } from '../../deps';
import type { SyncTarget } from '../sync-subscription';

/** What a handler gets: the verified event (ids only — hints), the team it concerns, and the open transaction. */
export type StripeEventContext = {
  deps: AppDeps;
  tx: Tx;
  event: PaymentEvent;
  target: SyncTarget;
  /** Queue an e-mail to the team's owners; sent once the event's changes are written. */
  notify: (notice: BillingNotice) => void;
};

export type StripeEventHandler = (ctx: StripeEventContext) => Promise<void>;
