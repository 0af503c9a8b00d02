import { z } from 'zod';

// A lead as an agent or admin edits it on the lead page: every field optional (only what changed
// is sent), each validated on its own so the form can show the error beside the field. Phone and
// e-mail are normalised by the use-case (it knows the team's country) before they are compared.

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .nullable()
    .transform((v) => (v === '' ? null : v));

/** Statuses a person may set by hand ('reserved' belongs to the dialer's live pick). */
export const editableStatuses = ['new', 'retry', 'callback', 'done', 'exhausted', 'blocked'] as const;

const CUSTOM_KEY = /^[a-z0-9][a-z0-9_]{0,63}$/;

export const leadEditSchema = z
  .object({
    phone: z.string().trim().min(1, 'A lead needs a phone number').max(64),
    altPhones: z.array(z.string().trim().min(1).max(64)).max(10, 'At most 10 other numbers'),
    firstName: text(200),
    lastName: text(200),
    email: text(254),
    address: text(500),
    city: text(200),
    state: text(100),
    zip: text(20),
    notes: text(20_000),
    status: z.enum(editableStatuses),
    tags: z
      .array(z.string().trim().min(1, 'Tags cannot be empty').max(50, 'Tags are at most 50 characters'))
      .max(50, 'At most 50 tags'),
    custom: z
      .record(z.string(), z.string().max(2000, 'At most 2,000 characters'))
      .refine(
        (c) => Object.keys(c).every((k) => CUSTOM_KEY.test(k)),
        'Custom field names are lower-case letters, digits and _',
      )
      .refine((c) => Object.keys(c).length <= 100, 'At most 100 custom fields'),
  })
  .partial()
  .strict();
export type LeadEdit = z.output<typeof leadEditSchema>;

export type AuditChange = { field: string; oldValue: string | null; newValue: string | null };

const show = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
};

/** One audit entry per field whose value changes (arrays and objects compared by value). */
export function diffLead(
  before: Readonly<Record<string, unknown>>,
  changes: Readonly<Record<string, unknown>>,
): AuditChange[] {
  const out: AuditChange[] = [];
  for (const [field, next] of Object.entries(changes)) {
    if (next === undefined) continue;
    const old = show(before[field]);
    const now = show(next);
    if (old !== now) out.push({ field, oldValue: old, newValue: now });
  }
  return out;
}
