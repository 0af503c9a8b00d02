// What a lead vendor posts to a campaign's drip URL, as lead objects: one lead (an object), an array of leads, or
// an array under one of the wrapper keys vendors commonly use. Pure: the route parses the JSON text.

import { words } from './lead-fields';
import { isPlainObject } from './json-lead';

export const MAX_DRIP_LEADS = 1000;
const WRAPPERS = ['leads', 'lead', 'data', 'records', 'items', 'contacts', 'results', 'rows'];

export type DripPayload =
  | { ok: true; leads: unknown[] }
  | { ok: false; reason: 'empty' | 'not_leads' | 'too_many'; message: string; count?: number };

export function leadsFromPayload(parsed: unknown): DripPayload {
  let leads: unknown[] | null = null;
  if (Array.isArray(parsed)) leads = parsed;
  else if (isPlainObject(parsed)) {
    const wrapper = Object.keys(parsed).find((k) => WRAPPERS.includes(k.toLowerCase()) && Array.isArray(parsed[k]));
    const keys = Object.keys(parsed);
    if (wrapper) leads = parsed[wrapper] as unknown[];
    // A single wrapped lead: { "lead": { … } }.
    else if (keys.length === 1 && WRAPPERS.includes(keys[0]!.toLowerCase()) && isPlainObject(parsed[keys[0]!]))
      leads = [parsed[keys[0]!]];
    else leads = [parsed];
  }
  if (leads === null)
    return {
      ok: false,
      reason: 'not_leads',
      message: 'Send a lead as a JSON object, several as an array, or an array under "leads"',
    };
  if (leads.length === 0) return { ok: false, reason: 'empty', message: 'The request holds no leads' };
  if (leads.length > MAX_DRIP_LEADS)
    return {
      ok: false,
      reason: 'too_many',
      count: leads.length,
      message: `At most ${MAX_DRIP_LEADS} leads per request (this one has ${leads.length}); split it into several requests`,
    };
  return { ok: true, leads };
}

/**
 * Renames a lead's keys by the campaign's saved mapping (its own field name → ours), compared as file headers are
 * (case, spaces and punctuation ignored); a key mapped to "ignore" is dropped. Other keys pass through unchanged.
 */
export function applyDripMapping(lead: Record<string, unknown>, mapping: Readonly<Record<string, string>>) {
  const compact = (k: string) => words(k).join('');
  const byKey = new Map(Object.entries(mapping).map(([from, to]) => [compact(from), to]));
  if (byKey.size === 0) return lead;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(lead)) {
    const to = byKey.get(compact(key));
    if (to === 'ignore') continue;
    out[to ?? key] = value;
  }
  return out;
}
