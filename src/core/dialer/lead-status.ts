// Where a lead is in the dialing loop. The next-lead index holds only callable leads ('new', 'retry'
// and not DNC), so every transition below is also a move into or out of that index.
//
//   new ──pick──▶ reserved ──dial──▶ (call) ──disposition──▶ retry | callback | done | exhausted
//    ▲               │ skip / timeout                                  │
//    └───────────────┘ (back to what it was: new, retry or callback)   ▼
//                                                       retry ──pick──▶ reserved …
//
// 'blocked' is a lead the gate can never allow by waiting (no valid zone, unknown state): it stays out
// of the loop until someone fixes its data. Imported files may carry other status text; such a lead is
// not dialled until its status is one of these (src/db/queries/next-lead.ts).

export const leadStatuses = ['new', 'retry', 'callback', 'reserved', 'done', 'exhausted', 'blocked'] as const;
export type LeadStatus = (typeof leadStatuses)[number];

/** Statuses the pick index covers (with dnc = false). */
export const pickableStatuses = ['new', 'retry'] as const satisfies readonly LeadStatus[];

export function isLeadStatus(value: string): value is LeadStatus {
  return (leadStatuses as readonly string[]).includes(value);
}

/**
 * The status a reserved lead returns to when its reservation ends without a disposition (skipped,
 * timed out, agent gone): a scheduled callback stays a callback, a lead never dialled is new again,
 * anything else is a retry under the retry rules.
 */
export function statusAfterRelease(lead: { callbackAt: Date | null; attempts: number }): LeadStatus {
  if (lead.callbackAt !== null) return 'callback';
  return lead.attempts === 0 ? 'new' : 'retry';
}
