import {
  getCountryCallingCode,
  isSupportedCountry,
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/max/metadata';
import { createNanpPrefixTable, isUnicodeDash, rejected, scanNanp } from './nanp-fast-path';
import type { PhoneRejectReason, PhoneResult } from './nanp-fast-path';
import { createPrefixOracle, validityPatterns } from './prefix-proof';
import type { PrefixOracle } from './prefix-proof';

export type { PhoneRejectReason, PhoneResult };
/** ISO 3166-1 alpha-2 country whose national format applies to numbers written without "+". */
export type PhoneCountry = CountryCode;

// Unicode spaces and dashes the library does not all know (it rejects U+202F, for one): map them
// to ASCII before it reads the number. Single characters, so the regex is linear.
const UNICODE_FORMATTING = /[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;

function toAsciiFormatting(raw: string): string {
  return raw.replace(UNICODE_FORMATTING, (ch) => (isUnicodeDash(ch.charCodeAt(0)) ? '-' : ' '));
}

function reasonOf(libraryError: string): PhoneRejectReason {
  switch (libraryError) {
    case 'NOT_A_NUMBER':
      return 'not_a_number';
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    default:
      return 'invalid';
  }
}

/** One reading of `text` by libphonenumber (max metadata, so unassigned area codes are invalid). */
function parseWithLibrary(text: string, defaultCountry: CountryCode | undefined): PhoneResult {
  let parsed: PhoneNumber;
  try {
    parsed = parsePhoneNumberWithError(text, defaultCountry);
  } catch (error) {
    if (error instanceof ParseError) return rejected(reasonOf(error.message));
    throw error;
  }
  if (parsed.isValid()) return { ok: true, e164: parsed.number };
  return rejected(reasonOf(validatePhoneNumberLength(parsed.number) ?? 'INVALID'));
}

/**
 * normalisePhone without the fast path: the reference the fast path must agree with (property
 * tests compare the two) and the baseline of bench/phone-normalise.bench.ts.
 */
export function normalisePhoneWithLibrary(raw: string, defaultCountry: PhoneCountry = 'US'): PhoneResult {
  const text = toAsciiFormatting(raw).trim();
  if (text === '') return rejected('empty');
  const first = parseWithLibrary(text, defaultCountry);
  if (first.ok) return first;
  // "00" is the international prefix almost everywhere but in NANP ("001 415 555 2671" is a
  // European's way to write a US number); when the national reading fails, read it as "+".
  const zeros = /^[\s\-.()/]*00/.exec(text);
  if (zeros !== null) return parseWithLibrary(`+${text.slice(zeros[0].length)}`, undefined);
  return first;
}

// Built on first use (~0.1 s: 178 regexes of the 25 NANP regions); the same metadata isValid() reads.
let oracle: PrefixOracle | undefined;

/** Which +1 prefixes decide libphonenumber's verdict, from its metadata (the fast path's proof). */
export function nanpOracle(): PrefixOracle {
  if (oracle === undefined) {
    const patterns = validityPatterns(metadata, '1');
    oracle =
      patterns === null ? { decides: () => false, decidesEveryPrefix: () => false } : createPrefixOracle(patterns, 10);
  }
  return oracle;
}

// The table learns from "+1" + ten digits, whose verdict ignores the default country, and serves
// the forms without "+" too when the default country dials +1: the library reads "4155552671",
// "1 415…" and "001 415…" there as that same +1 number (property-tested over all 25 such
// countries in phone.test.ts; the per-prefix claim itself is proven by prefix-proof.ts).
const nanpTable = createNanpPrefixTable((e164) => parseWithLibrary(e164, undefined), nanpOracle);
const nanpDefaults = new Map<string, boolean>();

function dialsPlusOne(country: string): boolean {
  let known = nanpDefaults.get(country);
  if (known === undefined) {
    known = isSupportedCountry(country) && getCountryCallingCode(country) === '1';
    nanpDefaults.set(country, known);
  }
  return known;
}

/**
 * A phone number as written in a lead file → E.164, or why not. Formatting, "tel:", "+1"/"1"/"001"
 * prefixes, Unicode spaces and dashes are accepted; an extension is dropped. Validity is
 * libphonenumber's (max metadata: an unassigned area code is invalid); well-formed NANP numbers
 * skip the library through a per-prefix table of its own answers.
 */
export function normalisePhone(raw: string, defaultCountry: PhoneCountry = 'US'): PhoneResult {
  const national = scanNanp(raw, dialsPlusOne(defaultCountry));
  if (national >= 0) {
    // Only an accepted number is answered from the table: why a number is rejected depends on more of what was
    // written than the ten digits the scan found ("0 - 012000000000" is too long to the library, not invalid).
    const known = nanpTable.lookup(national);
    if (known?.ok) return known;
  } else if (!hasDigit(raw)) {
    // "n/a", "none", "-": no digit the library reads, so nothing it could parse.
    return rejected(toAsciiFormatting(raw).trim() === '' ? 'empty' : 'not_a_number');
  }
  return normalisePhoneWithLibrary(raw, defaultCountry);
}

function hasDigit(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) if (digitValue(raw.charCodeAt(i)) >= 0) return true;
  return false;
}

/** The digits libphonenumber reads (its VALID_DIGITS): ASCII, fullwidth, Arabic-Indic, Eastern Arabic-Indic. */
function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10; // fullwidth, from Japanese/Chinese keyboards
  if (c >= 0x660 && c <= 0x669) return c - 0x660; // Arabic-Indic
  if (c >= 0x6f0 && c <= 0x6f9) return c - 0x6f0; // Eastern Arabic-Indic
  return -1;
}

/**
 * What a user typed into a phone search box → the digits to look for inside stored E.164 numbers
 * (without their "+"). Formatting and an extension are dropped, and an international access
 * prefix ("00", "011") is removed so "0044 20" finds +4420…. Empty when nothing numeric was typed.
 */
export function phoneSearchKey(typed: string): string {
  let digits = '';
  for (let i = 0; i < typed.length; i++) {
    const c = typed.charCodeAt(i);
    const d = digitValue(c);
    if (d >= 0) {
      digits += String(d);
      continue;
    }
    // An extension marker after some digits ends the number part ("415 555 2671 x12").
    const l = c >= 65 && c <= 90 ? c + 32 : c;
    if (digits.length > 0 && (l === 120 /* x */ || l === 101 /* e */ || l === 35) /* # */) break;
  }
  if (digits.startsWith('011')) return digits.slice(3);
  if (digits.startsWith('00')) return digits.slice(2);
  return digits;
}

// Contacts apps write every number of a contact into one cell, joined by " ::: " (Google), ";", "|" or a line break.
const PHONE_LIST = /\s*(?::::|[;|\n])\s*/;

/** The numbers of a phone cell: usually the cell itself, or the parts of a contacts-app list. */
export function splitPhoneList(cell: string): string[] {
  return PHONE_LIST.test(cell) ? cell.split(PHONE_LIST).filter((p) => p.trim() !== '') : [cell];
}
