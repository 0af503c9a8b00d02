import { describe, expect, it } from 'vitest';
import type { ColumnMapping } from './mapping';
import { proposeMapping } from './mapping';
import { dedupeKey, normaliseRow, splitFullName } from './normalise-row';
import type { NormaliseRowOptions } from './normalise-row';

// A stand-in for the PhoneZones port: zones by area code, as its data would give them.
const zonesByArea: Record<string, string[]> = {
  '415': ['America/Los_Angeles'],
  '212': ['America/New_York'],
  '915': ['America/Denver'],
  '208': ['America/Boise', 'America/Los_Angeles'],
};
const opts: NormaliseRowOptions = { defaultCountry: 'US', zonesFor: (e164) => zonesByArea[e164.slice(2, 5)] ?? [] };

const headers = [
  'First',
  'Last',
  'Name',
  'Phone',
  'Mobile',
  'Email',
  'Address',
  'City',
  'State',
  'Zip',
  'Notes',
  'Tags',
  'Labels',
  'Status',
  'Source',
  'Skip',
];
const mapping: ColumnMapping[] = [
  { column: 0, header: 'First', field: 'first_name' },
  { column: 1, header: 'Last', field: 'last_name' },
  { column: 2, header: 'Name', field: 'full_name' },
  { column: 3, header: 'Phone', field: 'phone' },
  { column: 4, header: 'Mobile', field: 'phone' },
  { column: 5, header: 'Email', field: 'email' },
  { column: 6, header: 'Address', field: 'address' },
  { column: 7, header: 'City', field: 'city' },
  { column: 8, header: 'State', field: 'state' },
  { column: 9, header: 'Zip', field: 'zip' },
  { column: 10, header: 'Notes', field: 'notes' },
  { column: 11, header: 'Tags', field: 'tags' },
  { column: 12, header: 'Labels', field: 'tags' },
  { column: 13, header: 'Status', field: 'status' },
  { column: 14, header: 'Source', field: 'custom', key: 'source' },
  { column: 15, header: 'Skip', field: 'ignore' },
];

function row(values: Partial<Record<(typeof headers)[number], string>>): string[] {
  return headers.map((h) => values[h] ?? '');
}

describe('normaliseRow', () => {
  it('normalises every mapped field', () => {
    const result = normaliseRow(
      row({
        First: ' Ann ',
        Last: 'Lee',
        Phone: '(415) 555-2671',
        Mobile: '+1 212 555 0199 x12',
        Email: ' Ann.Lee@Example.COM ',
        Address: '1  Main   St',
        City: 'Austin',
        State: 'texas',
        Zip: '78701',
        Notes: 'call after 5',
        Tags: 'vip; hot|2024',
        Labels: 'VIP, new',
        Status: 'new',
        Source: 'web',
        Skip: 'ignored',
      }),
      mapping,
      opts,
    );
    expect(result).toEqual({
      ok: true,
      lead: {
        phone: '+14155552671',
        altPhones: ['+12125550199'],
        severalInOneCell: false,
        firstName: 'Ann',
        lastName: 'Lee',
        email: 'ann.lee@example.com',
        address: '1 Main St',
        city: 'Austin',
        state: 'TX',
        zip: '78701',
        notes: 'call after 5',
        tags: ['vip', 'hot', '2024', 'new'],
        status: 'new',
        custom: { source: 'web' },
        // A California number, a Texas address: the address wins (the number moved with its owner).
        timezones: ['America/Chicago', 'America/Denver'],
      },
    });
  });

  it('narrows a multi-zone state by the number, and takes the state from the ZIP when missing', () => {
    const elPaso = normaliseRow(row({ Phone: '915-555-0100', State: 'TX' }), mapping, opts);
    expect(elPaso).toMatchObject({ ok: true, lead: { state: 'TX', timezones: ['America/Denver'] } });
    const byZip = normaliseRow(row({ Phone: '212-555-0199', Zip: '2134' }), mapping, opts);
    expect(byZip).toMatchObject({ ok: true, lead: { state: 'MA', zip: '02134', timezones: ['America/New_York'] } });
    const noAddress = normaliseRow(row({ Phone: '208-200-1234' }), mapping, opts);
    expect(noAddress).toMatchObject({
      ok: true,
      lead: { state: null, zip: null, timezones: ['America/Boise', 'America/Los_Angeles'] },
    });
  });

  it('keeps a foreign postal code as written and an unknown state out', () => {
    const r = normaliseRow(row({ Phone: '+1 415 555 2671', State: 'Ontario', Zip: ' K1A 0B1 ' }), mapping, opts);
    expect(r).toMatchObject({ ok: true, lead: { state: null, zip: 'K1A 0B1', timezones: ['America/Los_Angeles'] } });
  });

  it('uses the first valid phone column and keeps the others as alternates', () => {
    const r = normaliseRow(row({ Phone: 'n/a', Mobile: '415.555.2671' }), mapping, opts);
    expect(r).toMatchObject({ ok: true, lead: { phone: '+14155552671', altPhones: [] } });
    const same = normaliseRow(row({ Phone: '4155552671', Mobile: '+1 (415) 555-2671' }), mapping, opts);
    expect(same).toMatchObject({ ok: true, lead: { phone: '+14155552671', altPhones: [] } });
  });

  it('takes the first valid number of a cell holding several (contacts-app exports) and keeps the others', () => {
    const google = normaliseRow(row({ Phone: '(206) 837-5431 ::: +1 202 555 0147' }), mapping, opts);
    expect(google).toMatchObject({
      ok: true,
      lead: { phone: '+12068375431', altPhones: ['+12025550147'], severalInOneCell: true },
    });
    const firstInvalid = normaliseRow(
      row({ Phone: '555-01 ::: 415.555.2671;212 555 0199', Mobile: '(206) 837-5431' }),
      mapping,
      opts,
    );
    expect(firstInvalid).toMatchObject({
      ok: true,
      lead: { phone: '+14155552671', altPhones: ['+12125550199', '+12068375431'], severalInOneCell: true },
    });
    expect(normaliseRow(row({ Phone: '415.555.2671' }), mapping, opts)).toMatchObject({
      ok: true,
      lead: { severalInOneCell: false },
    });
    expect(normaliseRow(row({ Phone: 'n/a ::: 555-01' }), mapping, opts)).toMatchObject({ ok: false, column: 'phone' });
  });

  it('rejects a row without a valid phone, saying why', () => {
    expect(normaliseRow(row({ First: 'Ann' }), mapping, opts)).toEqual({
      ok: false,
      column: 'phone',
      reason: 'empty',
      header: 'Phone',
    });
    expect(normaliseRow(row({ Phone: '', Mobile: '555-2671' }), mapping, opts)).toEqual({
      ok: false,
      column: 'phone',
      reason: 'too_short',
      header: 'Mobile',
    });
    expect(normaliseRow(row({ Phone: '(211) 555-1234' }), mapping, opts)).toEqual({
      ok: false,
      column: 'phone',
      reason: 'invalid',
      header: 'Phone',
    });
  });

  it('rejects a row whose email is filled but malformed, and allows a blank one', () => {
    expect(normaliseRow(row({ Phone: '4155552671', Email: 'ann@' }), mapping, opts)).toEqual({
      ok: false,
      column: 'email',
      reason: 'invalid',
      header: 'Email',
    });
    expect(normaliseRow(row({ Phone: '4155552671', Email: '  ' }), mapping, opts)).toMatchObject({
      ok: true,
      lead: { email: null },
    });
  });

  it('splits a full name only when first and last names are blank', () => {
    expect(normaliseRow(row({ Phone: '4155552671', Name: 'Smith, John' }), mapping, opts)).toMatchObject({
      ok: true,
      lead: { firstName: 'John', lastName: 'Smith' },
    });
    expect(normaliseRow(row({ Phone: '4155552671', First: 'Ann', Name: 'Smith, John' }), mapping, opts)).toMatchObject({
      ok: true,
      lead: { firstName: 'Ann', lastName: null },
    });
  });

  it('reads short rows and blank cells as empty', () => {
    const r = normaliseRow(['', '', '', '4155552671'], mapping, opts);
    expect(r).toEqual({
      ok: true,
      lead: {
        phone: '+14155552671',
        altPhones: [],
        severalInOneCell: false,
        firstName: null,
        lastName: null,
        email: null,
        address: null,
        city: null,
        state: null,
        zip: null,
        notes: null,
        tags: [],
        status: null,
        custom: {},
        timezones: ['America/Los_Angeles'],
      },
    });
  });

  it('keeps a hostile custom key as plain data', () => {
    const r = normaliseRow(
      ['4155552671', 'x'],
      [
        { column: 0, header: 'P', field: 'phone' },
        { column: 1, header: '__proto__', field: 'custom', key: '__proto__' },
      ],
      opts,
    );
    if (!r.ok) throw new Error('expected a lead');
    expect(Object.getPrototypeOf(r.lead.custom)).toBe(Object.prototype);
    expect(Object.keys(r.lead.custom)).toEqual(['__proto__']);
  });

  it('works end to end with a proposed mapping', () => {
    const file = [
      ['Full Name', 'Cell', 'E-mail'],
      ['Dr. Ludwig van Beethoven', '415 555 2671', 'LVB@example.com'],
    ];
    const [head = [], ...body] = file;
    const m = proposeMapping(head, body);
    expect(normaliseRow(body[0] ?? [], m, opts)).toMatchObject({
      ok: true,
      lead: { firstName: 'Ludwig', lastName: 'van Beethoven', phone: '+14155552671', email: 'lvb@example.com' },
    });
  });
});

describe('splitFullName', () => {
  it.each([
    ['John Smith', 'John', 'Smith'],
    ['Smith, John', 'John', 'Smith'],
    ['Smith, John Paul', 'John Paul', 'Smith'],
    ['John Paul Smith', 'John Paul', 'Smith'],
    ['  John   Smith  ', 'John', 'Smith'],
    ['Mr. John Smith', 'John', 'Smith'],
    ['John Smith Jr.', 'John', 'Smith Jr.'],
    ['John Smith, Jr.', 'John', 'Smith Jr.'],
    ['Maria de la Cruz', 'Maria', 'de la Cruz'],
    ['Cher', 'Cher', null],
    ['Dr. Who', 'Who', null],
    ['', null, null],
  ])('%j → %j %j', (full, first, last) => {
    expect(splitFullName(full)).toEqual({ firstName: first, lastName: last });
  });
});

describe('dedupeKey', () => {
  it('is the E.164 number', () => {
    const a = normaliseRow(row({ Phone: '(415) 555-2671' }), mapping, opts);
    const b = normaliseRow(row({ Mobile: '+1 415 555 2671' }), mapping, opts);
    if (!a.ok || !b.ok) throw new Error('expected leads');
    expect(dedupeKey(a.lead)).toBe('+14155552671');
    expect(dedupeKey(b.lead)).toBe(dedupeKey(a.lead));
  });
});
