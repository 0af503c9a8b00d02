// The safe-harbor message as a campaign's editable template (decision 0025): the admin words it, but the two things
// the rule requires — who is calling and a number to call back — must stay in it, and it must stay short enough to
// play in full before a caller gives up. Pure: shared by the server (validation, the answer handler) and the form.

export const SELLER_FIELD = '{{seller}}';
export const CALLBACK_NUMBER_FIELD = '{{callback_number}}';

/** Our default wording; an empty template on a campaign means this one. */
export const DEFAULT_SAFE_HARBOR_TEMPLATE =
  `Hello, this is ${SELLER_FIELD}. We called you but no one was free to take the call. ` +
  `To reach us, or to ask us not to call again, please call ${CALLBACK_NUMBER_FIELD}. Thank you.`;

/**
 * At most this many characters of template text. With a 100-character seller and a number read digit by digit the
 * message then stays under ~30 seconds of text-to-speech: a "short" message, played whole before most people hang up.
 */
export const MAX_SAFE_HARBOR_TEMPLATE_CHARS = 300;

const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN = new Set(['seller', 'callback_number']);

/** What is wrong with a template, in words an admin can act on; null when it is fine. Empty means the default. */
export function safeHarborTemplateProblem(template: string): string | null {
  const t = template.trim();
  if (t === '') return null;
  if (t.length > MAX_SAFE_HARBOR_TEMPLATE_CHARS)
    return `Keep the message to ${MAX_SAFE_HARBOR_TEMPLATE_CHARS} characters so it plays in full (now ${t.length})`;
  const names = [...t.matchAll(FIELD)].map((m) => m[1] ?? '');
  const unknown = [...new Set(names.filter((n) => !KNOWN.has(n)))];
  if (unknown.length > 0)
    return `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')}: use ${SELLER_FIELD} and ${CALLBACK_NUMBER_FIELD}`;
  if (!names.includes('seller')) return `Keep ${SELLER_FIELD} in the message: the law requires the seller's name`;
  if (!names.includes('callback_number'))
    return `Keep ${CALLBACK_NUMBER_FIELD} in the message: the law requires a number people can call back`;
  return null;
}

/** A number as text-to-speech should read it: digit by digit (punctuation dropped), without the +1 of a North American number. */
export function spokenNumber(callbackNumber: string): string {
  return callbackNumber
    .replace(/[^\d+]/g, '')
    .replace(/^\+1(?=\d{10}$)/, '')
    .split('')
    .join(' ');
}

/** The exact words the callee hears: the template (or the default) with the seller and the number filled in. */
export function renderSafeHarbor(template: string, seller: string, callbackNumber: string): string {
  const t = template.trim() === '' ? DEFAULT_SAFE_HARBOR_TEMPLATE : template.trim();
  return t.replace(FIELD, (_all, name: string) => (name === 'seller' ? seller : spokenNumber(callbackNumber)));
}
