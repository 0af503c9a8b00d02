import { z } from 'zod';

// Lead creation through the public API (/api/v1), shared by the server and the API reference (decision 0013).

export const MAX_LEADS_PER_REQUEST = 1000;

/** One lead as JSON: keys are matched like a file's headers (firstName, phone, mobile, email, zip, tags…). */
export const jsonLeadSchema = z
  .record(z.string().max(100), z.unknown())
  .refine((o) => Object.keys(o).length <= 100, 'At most 100 fields per lead')
  .meta({
    description:
      'A lead. Keys are matched like spreadsheet headers: firstName/first_name, lastName, name (full name), phone/mobile/cell, email, address, city, state, zip, notes, tags (a list or comma-separated); any other key, or the keys of a nested "custom" object, is stored as a custom field.',
    example: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: '+1 206 555 0100',
      email: 'ada@example.com',
      tags: ['web'],
    },
  });

/** POST /api/v1/leads */
export const createLeadSchema = z.object({ campaignId: z.uuid(), lead: jsonLeadSchema });
/** POST /api/v1/leads/bulk */
export const createLeadsSchema = z.object({
  campaignId: z.uuid(),
  leads: z
    .array(jsonLeadSchema)
    .min(1, 'Send at least one lead')
    .max(MAX_LEADS_PER_REQUEST, `At most ${MAX_LEADS_PER_REQUEST} leads per request`),
});

export const leadOutcomes = ['created', 'updated', 'duplicate', 'invalid', 'dnc'] as const;
export type LeadOutcome = (typeof leadOutcomes)[number];

/** What happened to each lead sent, in the order sent. */
export type LeadResult = {
  index: number;
  outcome: LeadOutcome;
  leadId?: string;
  phone?: string;
  /** Why an invalid lead was not stored. */
  reason?: string;
};
export type CreateLeadsResponse = {
  results: LeadResult[];
  counts: Record<LeadOutcome, number>;
};
