// The fields a lead file's columns can map to, their names on screen, and how a header becomes a custom field key.
// Free of dependencies, so the browser's mapping table uses the same list and keys as the server.

export const leadFields = [
  'first_name',
  'last_name',
  'full_name',
  'phone',
  'email',
  'address',
  'city',
  'state',
  'zip',
  'notes',
  'tags',
  'status',
  'custom',
  'ignore',
] as const;
export type LeadField = (typeof leadFields)[number];

/** What each field is called on screen. */
export const leadFieldLabels: Readonly<Record<LeadField, string>> = {
  first_name: 'First name',
  last_name: 'Last name',
  full_name: 'Full name',
  phone: 'Phone',
  email: 'E-mail',
  address: 'Address',
  city: 'City',
  state: 'State',
  zip: 'ZIP',
  notes: 'Notes',
  tags: 'Tags',
  status: 'Status',
  custom: 'Custom field',
  ignore: 'Ignore',
};

// JSON leads repeat the same few keys in every lead of every request, and splitting a key costs a NFKD pass and
// five regexes: the answers for short keys are remembered, in a map emptied when it fills so it cannot grow.
const WORDS_CACHE_MAX = 1000;
const WORDS_CACHE_KEY_MAX = 80;
const wordsCache = new Map<string, readonly string[]>();

/** A header's words, lower-case ASCII (accents dropped, camelCase split). */
export function words(header: string): readonly string[] {
  if (header.length > WORDS_CACHE_KEY_MAX) return splitWords(header);
  let ws = wordsCache.get(header);
  if (ws === undefined) {
    if (wordsCache.size >= WORDS_CACHE_MAX) wordsCache.clear();
    ws = Object.freeze(splitWords(header));
    wordsCache.set(header, ws);
  }
  return ws;
}

/** How many keys `words` remembers (for its test). */
export const wordsCacheSize = () => wordsCache.size;

function splitWords(header: string): string[] {
  return header
    .replace(/([a-z])([A-Z])/g, '$1 $2') // camelCase → camel Case
    .replace(/ß/g, 'ss')
    .replace(/[łŁ]/g, 'l') // letters NFKD leaves whole
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** A custom field key from a header: "Lead Source (2024)" → "lead_source_2024". */
export function slugKey(header: string): string {
  return words(header).join('_').slice(0, 64).replace(/_+$/, '');
}
