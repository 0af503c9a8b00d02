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

/** A header's words, lower-case ASCII (accents dropped, camelCase split). */
export function words(header: string): string[] {
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
