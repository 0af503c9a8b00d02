// The NANP fast path of normalisePhone. libphonenumber's isValid() costs ~9 µs a number and is the
// import's bottleneck. For a +1 number its verdict is a function of the national number's first
// few digits wherever the metadata's regexes say so (prefix-proof.ts proves it per prefix), so we
// ask the library once per such prefix — usually the area code and the exchange's first digit —
// and reuse the answer. Anything not proven, or not a well-formed NANP number, goes to the library.

import type { PrefixOracle } from './prefix-proof';

export type PhoneRejectReason = 'empty' | 'too_short' | 'too_long' | 'invalid' | 'not_a_number';
export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: PhoneRejectReason };

const REASONS: readonly PhoneRejectReason[] = ['empty', 'too_short', 'too_long', 'invalid', 'not_a_number'];
const REJECTED: Readonly<Record<PhoneRejectReason, PhoneResult>> = Object.freeze({
  empty: Object.freeze({ ok: false, reason: 'empty' }),
  too_short: Object.freeze({ ok: false, reason: 'too_short' }),
  too_long: Object.freeze({ ok: false, reason: 'too_long' }),
  invalid: Object.freeze({ ok: false, reason: 'invalid' }),
  not_a_number: Object.freeze({ ok: false, reason: 'not_a_number' }),
});

/** A shared, frozen rejection (rows fail often enough that allocating one per row shows up). */
export function rejected(reason: PhoneRejectReason): PhoneResult {
  return REJECTED[reason];
}

// Per-prefix codes in flat byte tables: 0 = not asked yet, 1 = valid, 2 = unsure (six digits do
// not decide: ask the library per number), 3 = a longer prefix decides, 4+ = rejected with REASONS[code - 4].
const UNKNOWN = 0;
const VALID = 1;
const UNSURE = 2;
const LONGER = 3;
const FIRST_REASON = 4;

export type NanpPrefixTable = {
  /** The library's verdict for the 10-digit national number (first digit 2–9), or undefined to ask the library. */
  lookup(national: number): PhoneResult | undefined;
};

/**
 * Lazily learns what `libraryVerdict` (the library on "+1" + ten digits) answers for the shortest
 * prefix `oracle` proves decides it — the area code (an unassigned one), the area code and the
 * exchange's first digit (most), or the whole NPA-NXX — from one probe number per prefix.
 */
export function createNanpPrefixTable(
  libraryVerdict: (e164: string) => PhoneResult,
  oracle: () => PrefixOracle,
): NanpPrefixTable {
  // Indexed by the prefix's value. The 4-digit table is read first and also holds what its area
  // code decided, so a number usually costs one byte read.
  const byThree = new Uint8Array(1_000);
  const byFour = new Uint8Array(10_000);
  const bySix = new Uint8Array(1_000_000);

  function learn(prefix: string, fallback: number): number {
    if (!oracle().decides(prefix)) return fallback;
    const probe = `+1${prefix.padEnd(10, '0')}`;
    const r = libraryVerdict(probe);
    if (r.ok) return r.e164 === probe ? VALID : UNSURE;
    return FIRST_REASON + REASONS.indexOf(r.reason);
  }

  function learnFour(four: number): number {
    const three = Math.floor(four / 10);
    let code = byThree[three] ?? UNSURE;
    if (code === UNKNOWN) {
      code = learn(String(three), LONGER);
      byThree[three] = code;
    }
    if (code === LONGER) code = learn(String(four), LONGER);
    byFour[four] = code;
    return code;
  }

  function learnSix(six: number): number {
    const code = learn(String(six), UNSURE);
    bySix[six] = code;
    return code;
  }

  return {
    lookup(national) {
      const four = Math.floor(national / 1_000_000);
      let code = byFour[four] ?? UNSURE;
      if (code === UNKNOWN) code = learnFour(four);
      if (code === LONGER) {
        const six = Math.floor(national / 10_000);
        code = bySix[six] ?? UNSURE;
        if (code === UNKNOWN) code = learnSix(six);
      }
      if (code === VALID) return { ok: true, e164: `+1${national}` };
      if (code < FIRST_REASON) return undefined;
      return REJECTED[REASONS[code - FIRST_REASON] ?? 'invalid'];
    },
  };
}

// Characters the scanner treats as formatting between digits: ASCII space - . ( ) /, the Unicode
// spaces and dashes people paste from Word and web pages. normalisePhone's library path maps the
// same Unicode characters to ASCII first, so both paths read them alike.
function isSeparator(c: number): boolean {
  if (c < 128) return c === 32 || c === 45 || c === 46 || c === 40 || c === 41 || c === 47;
  return isUnicodeSpace(c) || isUnicodeDash(c);
}

export function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function isUnicodeDash(c: number): boolean {
  return (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe58 || c === 0xfe63 || c === 0xff0d;
}

function isSpace(c: number): boolean {
  return c === 32 || isUnicodeSpace(c);
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function matchesWord(raw: string, at: number, word: string): boolean {
  if (raw.length - at < word.length) return false;
  for (let k = 0; k < word.length; k++) if (lower(raw.charCodeAt(at + k)) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * True when raw[i..] is an extension we can drop: "x123", "ext. 123", "extension 123", "#123",
 * ";ext=123", then only spaces. At most 6 digits: within every extension limit of the library,
 * so it cannot read them as part of the number instead.
 */
function isExtensionTail(raw: string, i: number): boolean {
  const n = raw.length;
  const c = lower(raw.charCodeAt(i));
  if (c === 120 /* x */ || c === 35 /* # */) i += 1;
  else if (matchesWord(raw, i, 'extension')) i += 9;
  else if (matchesWord(raw, i, 'extn')) i += 4;
  else if (matchesWord(raw, i, 'ext')) i += 3;
  else if (matchesWord(raw, i, ';ext=')) i += 5;
  else return false;
  const after = raw.charCodeAt(i);
  if (after === 46 /* . */ || after === 58 /* : */) i++;
  while (i < n && isSpace(raw.charCodeAt(i))) i++;
  let digits = 0;
  while (i < n) {
    const d = raw.charCodeAt(i);
    if (d < 48 || d > 57) break;
    digits++;
    i++;
  }
  if (digits === 0 || digits > 6) return false;
  while (i < n && isSpace(raw.charCodeAt(i))) i++;
  return i === n;
}

/**
 * The ten national digits (as a number, first digit 2–9) of a well-formed NANP number, or -1 when
 * the input is anything else. Accepted: optional "tel:" then "+1", or — when the default country
 * dials +1 — ten digits, "1" + ten digits, or "001" + ten digits; ASCII and Unicode formatting
 * between digits; a trailing extension.
 */
export function scanNanp(raw: string, nanpDefault: boolean): number {
  const n = raw.length;
  let i = 0;
  while (i < n && isSpace(raw.charCodeAt(i))) i++;
  if (matchesWord(raw, i, 'tel:')) {
    i += 4;
    if (raw.charCodeAt(i) !== 43) return -1;
  }
  let plus = false;
  if (raw.charCodeAt(i) === 43 /* + */) {
    plus = true;
    i++;
    const next = raw.charCodeAt(i);
    if (!(next >= 48 && next <= 57)) return -1;
  }
  let value = 0;
  let count = 0;
  let lastWasDigitOrSpace = true;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++count > 13) return -1;
      value = value * 10 + (c - 48);
      lastWasDigitOrSpace = true;
    } else if (isSeparator(c)) {
      lastWasDigitOrSpace = isSpace(c);
    } else {
      break;
    }
  }
  if (i < n && !(lastWasDigitOrSpace && isExtensionTail(raw, i))) return -1;

  let national: number;
  if (plus) {
    if (count !== 11 || value < 1e10 || value >= 2e10) return -1;
    national = value - 1e10;
  } else {
    if (!nanpDefault) return -1;
    if (count === 10) national = value;
    // "1" + ten digits, or "001" + ten digits (the leading zeros vanish from `value`).
    else if ((count === 11 || count === 13) && value >= 1e10 && value < 2e10) national = value - 1e10;
    else return -1;
  }
  return national >= 2e9 ? national : -1;
}
