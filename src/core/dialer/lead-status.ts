// Where a lead is in the dialing loop. The next-lead index holds only callable leads ('new', 'retry'
// and not DNC), so every transition below is also a move into or out of that index.
//
//   new | retry | callback ──dial──▶ retry (not due until the provisional next attempt) ──disposition──▶
//                                    retry | callback | done | exhausted
//
// Between the pick and the dial a lead is reserved for one agent (reserved_by, reserved_until: not a status, so
// reserving writes no index entry — docs/decisions/0008); Skip or a lapsed reservation leaves its status as it was.
//
// 'blocked' is a lead the gate can never allow by waiting (no valid zone, unknown state): it stays out
// of the loop until someone fixes its data. Imported files may carry other status text; such a lead is
// not dialled until its status is one of these (src/db/queries/lead-reservations.ts).

export const leadStatuses = ['new', 'retry', 'callback', 'done', 'exhausted', 'blocked'] as const;
export type LeadStatus = (typeof leadStatuses)[number];

/** Statuses the pick index covers (with dnc = false). */
export const pickableStatuses = ['new', 'retry'] as const satisfies readonly LeadStatus[];

export function isLeadStatus(value: string): value is LeadStatus {
  return (leadStatuses as readonly string[]).includes(value);
}
