// A pragmatic email syntax check for lead files: one pass over the characters, no regex, so a
// hostile 1 MB cell costs 1 MB of work. It accepts what mail providers hand out (dot-atoms, "+"
// tags, internationalised names) and rejects what is certainly not deliverable; it does not try to
// cover RFC 5322's quoted local parts or IP-literal domains, which lead lists never need.

export type EmailResult = { ok: true; email: string | null } | { ok: false; reason: 'invalid' };

const MAX_LENGTH = 254; // RFC 5321 path limit minus the angle brackets
const MAX_LOCAL = 64;
const MAX_LABEL = 63;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// RFC 5322 atext beyond letters and digits: ! # $ % & ' * + - / = ? ^ _ ` { | } ~
const LOCAL_SYMBOLS = new Set("!#$%&'*+-/=?^_`{|}~".split('').map((ch) => ch.charCodeAt(0)));

/** Letters beyond ASCII are allowed (RFC 6531/IDN, from U+00C0); Latin-1 symbols, Unicode spaces and controls are not. */
function isInternational(c: number): boolean {
  return c >= 0xc0 && !(c >= 0x2000 && c <= 0x206f) && c !== 0x3000 && c !== 0xfeff;
}

function isLocalChar(c: number): boolean {
  return isAlnum(c) || LOCAL_SYMBOLS.has(c) || isInternational(c);
}

function isDomainChar(c: number): boolean {
  return isAlnum(c) || c === 45 /* - */ || isInternational(c);
}

/** True for "name@example.com"-shaped addresses; linear in the input length. */
export function isValidEmail(email: string): boolean {
  const n = email.length;
  if (n < 3 || n > MAX_LENGTH) return false;
  const at = email.indexOf('@');
  if (at < 1 || at > MAX_LOCAL || at !== email.lastIndexOf('@')) return false;

  // Local part: atoms separated by single dots.
  let prev = 46; // as if preceded by a dot, so a leading dot fails
  for (let i = 0; i < at; i++) {
    const c = email.charCodeAt(i);
    if (c === 46) {
      if (prev === 46) return false;
    } else if (!isLocalChar(c)) {
      return false;
    }
    prev = c;
  }
  if (prev === 46) return false;

  // Domain: at least two labels of letters, digits and inner hyphens; the last (the TLD) at least two long and not numeric.
  let labels = 0;
  let labelStart = at + 1;
  let labelAllDigits = true;
  for (let i = at + 1; i <= n; i++) {
    const c = i < n ? email.charCodeAt(i) : 46;
    if (c === 46) {
      const len = i - labelStart;
      if (len === 0 || len > MAX_LABEL) return false;
      if (email.charCodeAt(labelStart) === 45 || email.charCodeAt(i - 1) === 45) return false;
      labels++;
      if (i === n && (labelAllDigits || len < 2)) return false;
      labelStart = i + 1;
      labelAllDigits = true;
      continue;
    }
    if (!isDomainChar(c)) return false;
    if (!(c >= 48 && c <= 57)) labelAllDigits = false;
  }
  return labels >= 2;
}

/** A lead file's email cell → lower-cased address, null when blank, or invalid. */
export function normaliseEmail(raw: string | null | undefined): EmailResult {
  let email = (raw ?? '').trim();
  if (email === '') return { ok: true, email: null };
  // Links copied out of web pages and mail clients.
  if (email.slice(0, 7).toLowerCase() === 'mailto:') email = email.slice(7).trim();
  email = email.toLowerCase();
  return isValidEmail(email) ? { ok: true, email } : { ok: false, reason: 'invalid' };
}
