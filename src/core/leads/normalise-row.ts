// One CSV row → one lead as we store it, or the reason the row is skipped. Pure and per row: the
// importer streams rows through it, so it allocates little and never awaits (zones come from a
// synchronous lookup the caller provides, e.g. the PhoneZones port).

import { normaliseEmail } from './email';
import type { ColumnMapping } from './mapping';
import { normalisePhone, splitPhoneList } from './phone';
import type { PhoneCountry, PhoneRejectReason } from './phone';
import { narrowZones, normaliseStateLenient, normaliseZip, stateFromZip } from './zones';
import type { StateCode } from './zones';

export type NormalisedLead = {
  /** E.164, from the first phone column holding a valid number; the dedupe key. */
  phone: string;
  /** Other valid numbers of the row, E.164, without repeats. */
  altPhones: string[];
  /** A phone cell held several numbers ("(206) 837-5431 ::: +1 202 555 0147"); the import report counts these rows. */
  severalInOneCell: boolean;
  firstName: string | null;
  lastName: string | null;
  /** Lower-cased. */
  email: string | null;
  address: string | null;
  city: string | null;
  state: StateCode | null;
  /** "12345" or "12345-6789" for a US ZIP, else the postal code as written. */
  zip: string | null;
  notes: string | null;
  tags: string[];
  status: string | null;
  custom: Record<string, string>;
  /** Candidate IANA zones: the number's, narrowed by the address (see narrowZones). */
  timezones: string[];
};

export type NormaliseRowOptions = {
  defaultCountry: PhoneCountry;
  zonesFor: (e164: string) => readonly string[];
};

export type RowRejection = {
  ok: false;
  /** The lead field at fault. */
  column: 'phone' | 'email';
  /** For phone, why the first filled phone cell failed ('empty' when all are blank); for email, 'invalid'. */
  reason: PhoneRejectReason;
  /** The uploaded header of the offending column, for the error report ('' when unknown). */
  header: string;
};

export type RowResult = { ok: true; lead: NormalisedLead } | RowRejection;

function clean(value: string | undefined): string {
  if (value === undefined) return '';
  const v = value.trim();
  // Collapse inner runs of whitespace only when there are any (most cells have none).
  return /\s\s|[\t\r\n]/.test(v) ? v.replace(/\s+/g, ' ') : v;
}

const orNull = (v: string) => (v === '' ? null : v);

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'dds', 'cpa']);
const PARTICLES = new Set([
  'van',
  'von',
  'de',
  'del',
  'della',
  'der',
  'den',
  'da',
  'di',
  'du',
  'la',
  'le',
  'st',
  'bin',
  'ibn',
  'al',
  'dos',
  'das',
  'ter',
  'ten',
  'mac',
]);

const bare = (word: string) => word.toLowerCase().replace(/\./g, '');

/**
 * "Smith, John" and "John Smith" → { firstName: "John", lastName: "Smith" }. A leading title is
 * dropped, a suffix ("Jr.") and particles ("van", "de la") stay with the last name, a single word
 * is a first name.
 */
export function splitFullName(full: string): { firstName: string | null; lastName: string | null } {
  const name = clean(full);
  const comma = name.indexOf(',');
  if (comma !== -1) {
    const before = name.slice(0, comma).trim();
    const after = name.slice(comma + 1).trim();
    // "John Smith, Jr." is not "Last, First".
    if (after !== '' && !after.split(/[\s,]+/).every((w) => SUFFIXES.has(bare(w)))) {
      return { firstName: orNull(dropHonorific(after.split(' ')).join(' ')), lastName: orNull(before) };
    }
    return splitWords(`${before} ${after}`.replace(/,/g, '').trim().split(' '));
  }
  return splitWords(name === '' ? [] : name.split(' '));
}

function dropHonorific(words: string[]): string[] {
  return words.length > 1 && HONORIFICS.has(bare(words[0] ?? '')) ? words.slice(1) : words;
}

function splitWords(all: string[]): { firstName: string | null; lastName: string | null } {
  const words = dropHonorific(all);
  if (words.length === 0) return { firstName: null, lastName: null };
  if (words.length === 1) return { firstName: words[0] ?? null, lastName: null };
  let start = words.length - 1;
  while (start > 1 && SUFFIXES.has(bare(words[start] ?? ''))) start--;
  while (start > 1 && PARTICLES.has((words[start - 1] ?? '').toLowerCase())) start--;
  return { firstName: words.slice(0, start).join(' '), lastName: words.slice(start).join(' ') };
}

function splitTags(value: string, into: string[], seen: Set<string>): void {
  for (const part of value.split(/[,;|]/)) {
    const tag = part.trim();
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    into.push(tag);
  }
}

/**
 * A row of cells, read through the column mapping. The row is rejected when no phone column holds
 * a valid number, or when the email cell is filled but malformed; other cells never reject it.
 */
export function normaliseRow(
  cells: readonly string[],
  mapping: readonly ColumnMapping[],
  opts: NormaliseRowOptions,
): RowResult {
  let phone: string | null = null;
  const altPhones: string[] = [];
  let phoneFailure: RowRejection | null = null;
  let severalInOneCell = false;
  let firstName = '';
  let lastName = '';
  let fullName = '';
  let email: string | null = null;
  let address = '';
  let city = '';
  let stateCell = '';
  let zipCell = '';
  const notes: string[] = [];
  const tags: string[] = [];
  const seenTags = new Set<string>();
  let status = '';
  const custom: [string, string][] = [];

  for (const m of mapping) {
    const raw = cells[m.column];
    switch (m.field) {
      case 'phone': {
        const parts = splitPhoneList(raw ?? '');
        if (parts.length > 1) severalInOneCell = true;
        for (const part of parts) {
          const r = normalisePhone(part, opts.defaultCountry);
          if (r.ok) {
            if (phone === null) phone = r.e164;
            else if (r.e164 !== phone && !altPhones.includes(r.e164)) altPhones.push(r.e164);
          } else if (phoneFailure === null && r.reason !== 'empty') {
            phoneFailure = { ok: false, column: 'phone', reason: r.reason, header: m.header };
          }
        }
        break;
      }
      case 'email': {
        const r = normaliseEmail(raw);
        if (!r.ok) return { ok: false, column: 'email', reason: 'invalid', header: m.header };
        email = r.email;
        break;
      }
      case 'first_name':
        firstName = clean(raw);
        break;
      case 'last_name':
        lastName = clean(raw);
        break;
      case 'full_name':
        fullName = clean(raw);
        break;
      case 'address':
        address = clean(raw);
        break;
      case 'city':
        city = clean(raw);
        break;
      case 'state':
        stateCell = clean(raw);
        break;
      case 'zip':
        zipCell = clean(raw);
        break;
      case 'notes': {
        const note = (raw ?? '').trim();
        if (note !== '') notes.push(note);
        break;
      }
      case 'tags':
        splitTags(raw ?? '', tags, seenTags);
        break;
      case 'status':
        status = clean(raw);
        break;
      case 'custom': {
        const value = (raw ?? '').trim();
        if (value !== '') custom.push([m.key, value]);
        break;
      }
      case 'ignore':
        break;
    }
  }

  if (phone === null)
    return (
      phoneFailure ?? {
        ok: false,
        column: 'phone',
        reason: 'empty',
        header: mapping.find((m) => m.field === 'phone')?.header ?? '',
      }
    );

  let names = { firstName: orNull(firstName), lastName: orNull(lastName) };
  if (names.firstName === null && names.lastName === null && fullName !== '') names = splitFullName(fullName);
  const zip = normaliseZip(zipCell) ?? orNull(zipCell);
  // An unrecognised state cell ("Ontario", a typo) leaves the ZIP to say, as narrowZones does.
  const state = normaliseStateLenient(stateCell) ?? stateFromZip(zipCell);

  return {
    ok: true,
    lead: {
      phone,
      altPhones,
      severalInOneCell,
      firstName: names.firstName,
      lastName: names.lastName,
      email,
      address: orNull(address),
      city: orNull(city),
      state,
      zip,
      notes: notes.length === 0 ? null : notes.join('\n'),
      tags,
      status: orNull(status),
      // fromEntries defines own properties, so a "__proto__" key stays data.
      custom: Object.fromEntries(custom),
      timezones: narrowZones(opts.zonesFor(phone), state),
    },
  };
}

/** The key leads are deduplicated by within a campaign: the E.164 number. */
export function dedupeKey(lead: Pick<NormalisedLead, 'phone'>): string {
  return lead.phone;
}
