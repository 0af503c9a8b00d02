import { z } from 'zod';
import { dateInRange } from '../input';
import { phoneSearchKey } from '../leads';
import { foldForSearch } from '../leads/search-fold';

// The lead table's filter, shared by the page, the bulk actions ("all matching the filter") and the
// CSV export, so all three always mean the same set of leads.

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const optionalInt = z.coerce.number().int().min(0).max(1_000_000).optional();
const optionalDate = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const d = dateInRange(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'Use a date such as 2026-11-29' });
      return z.NEVER;
    }
    return d;
  });

export const leadFilterSchema = z.object({
  campaignId: z
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  status: optionalText,
  tag: optionalText,
  timezone: optionalText,
  disposition: optionalText,
  dnc: z
    .enum(['yes', 'no', ''])
    .optional()
    .transform((v) => (v === 'yes' ? true : v === 'no' ? false : undefined)),
  attemptsMin: optionalInt,
  attemptsMax: optionalInt,
  createdFrom: optionalDate,
  createdTo: optionalDate,
  q: optionalText,
});
export type LeadFilter = z.output<typeof leadFilterSchema>;

export const leadSorts = ['created', 'name', 'phone', 'attempts', 'status'] as const;
export type LeadSort = (typeof leadSorts)[number];

export const leadPageSchema = leadFilterSchema.extend({
  sort: z.enum(leadSorts).default('created'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  offset: z.coerce.number().int().min(0).max(10_000, 'Narrow the filter to see rows past the first 10,000').default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type LeadPage = z.output<typeof leadPageSchema>;

/**
 * What the search box matches inside "first last email phone" (folded for case and accents as stored): typed digits for a
 * phone written any way ("(415) 555-26" → "41555526"), otherwise the text itself. Null when too
 * short to search (one character would match nearly everything and no index helps).
 */
export function searchTerm(q: string | undefined): string | null {
  if (q === undefined) return null;
  const text = foldForSearch(q.trim());
  const digits = phoneSearchKey(text);
  // Mostly digits and phone punctuation: a phone number.
  if (digits.length >= 3 && /^[\d\s()+\-./xext#]+$/i.test(text)) return digits;
  return text.length >= 2 ? text : null;
}
