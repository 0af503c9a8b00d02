/**
 * Removes personal data and credentials from text and values before they leave the process (error reports, logs).
 *
 * Every pattern is built to run in linear time on hostile input: each one either starts at a literal prefix or at the
 * start of a run (a lookbehind rejects starts inside a run), and no quantified group can match the same text two ways.
 * Ordinary numbers — line:column pairs, ports, durations, years, ids — must survive, or the reports lose their value.
 */

export const placeholders = {
  phone: '[phone]',
  email: '[email]',
  token: '[token]',
  redacted: '[redacted]',
} as const;

const { phone: PHONE, email: EMAIL, token: TOKEN, redacted: REDACTED } = placeholders;

// ---------------------------------------------------------------------------------------------------------------
// Key names

/** "accessToken", "session_id", "better-auth.session_token" → ["access", "token"], ["session", "id"], … */
const words = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');

const CREDENTIAL_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'authorization',
  'auth',
  'cookie',
  'cookies',
  'session',
  'sessions',
  'sid',
  'card',
  'cvc',
  'cvv',
  'pin',
  'ssn',
  'signature',
  'credential',
  'credentials',
]);
/** Credentials whose name is usually written as one word ("apikey", "x-api-key"). */
const CREDENTIAL_FRAGMENTS = ['password', 'passwd', 'secret', 'apikey', 'privatekey', 'accesskey', 'cardnumber'];

const compact = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A key whose value is a credential wherever it appears (objects, headers, query strings, cookies). */
export function isSensitiveKey(name: string): boolean {
  if (/^__(?:secure|host)-/i.test(name)) return true;
  const flat = compact(name);
  return words(name).some((w) => CREDENTIAL_WORDS.has(w)) || CREDENTIAL_FRAGMENTS.some((f) => flat.includes(f));
}

/**
 * Stricter test for `name=value` / `name: value` found inside free text, where a name is often a class or file name
 * ("TokenExpiredError: jwt expired", "session.ts:12:5"): only names that end in a credential word count.
 */
function isSensitiveTextKey(name: string): boolean {
  if (/^__(?:secure|host)-/i.test(name)) return true;
  const ws = words(name);
  const last = ws[ws.length - 1] ?? '';
  const beforeLast = ws[ws.length - 2] ?? '';
  if (CREDENTIAL_WORDS.has(last)) return true;
  if ((last === 'id' || last === 'key' || last === 'value') && CREDENTIAL_WORDS.has(beforeLast)) return true;
  const flat = compact(name);
  return CREDENTIAL_FRAGMENTS.some((f) => flat.endsWith(f));
}

/** A key whose value is personal data of a kind we can name: masked rather than dropped, so the shape stays visible. */
function personalDataPlaceholder(name: string): string | null {
  const ws = words(name);
  const flat = compact(name);
  if (ws.some((w) => w === 'phone' || w === 'mobile' || w === 'msisdn' || w === 'tel' || w === 'telephone'))
    return PHONE;
  if (flat === 'dialednumber' || flat === 'callerid' || flat === 'callernumber') return PHONE;
  if (ws.includes('email') || flat.includes('email')) return EMAIL;
  if (['firstname', 'lastname', 'fullname', 'contactname', 'leadname'].includes(flat)) return REDACTED;
  if (ws.includes('address') || flat === 'street' || flat === 'zip' || flat === 'zipcode' || flat === 'postalcode') {
    return REDACTED;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Text patterns, applied in this order: credentials first (they may contain digits and "@"), then e-mail, then phones.

/** A header line written as text ("Cookie: a=b; c=d"); not quoted keys, which the key/value rule below handles. */
const HEADER_LINE =
  /(?<![\w"'-])(authorization|proxy-authorization|cookie|set-cookie|x-api-key)([ \t]*:[ \t]*)(?=[^\s"'])[^\r\n]*/gi;
/** Only "Bearer": "Basic …" and "Token …" are ordinary English too often ("Basic plan"); headers are caught above. */
const AUTH_SCHEME = /\b(Bearer)[ \t]+[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?/g;
/** Stripe keys and webhook secrets; SignalWire project tokens (PT…) and signing keys (PSK_…). */
const VENDOR_SECRET =
  /\b(?:(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]+|whsec_[A-Za-z0-9+/=]+|PSK_[A-Za-z0-9]+|PT[A-Za-z0-9]{32,})/g;
/**
 * "password": "…" / 'token': '…' / token: … (JSON, util.inspect output, YAML-ish messages). A placeholder left by an
 * earlier rule ("Cookie: [token]") is taken whole, so it is not cut at its "]".
 */
const KEY_COLON_VALUE =
  /(?<![\w-])(["']?)([A-Za-z_][\w-]*)\1([ \t]*:[ \t]*)(\[[a-z]+\]|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s"',;}\]]+)/g;
/** name=value pairs: cookies ("ds_session=…; __Secure-x=…") and query strings ("?token=…&email=…"). */
const KEY_EQUALS_VALUE = /(?<![\w.-])([A-Za-z_][\w.-]*)=("[^"\n]*"|[^\s;,&"'<>]*)/g;
/** Also catches the URL-encoded "@" (%40) of e-mails found in query strings. */
const EMAIL_PATTERN =
  /(?<![\w.%+-])[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
/** E.164 needs its "+" (or %2B): bare digit runs are ids, timestamps and counters far more often than phones. */
const E164 = /(?<![\d+])(?:\+|%2B)[1-9]\d{7,14}(?!\d)/gi;
/**
 * Formatted NANP: (415) 555-2671, 415-555-2671, 415.555.2671, 415 555 2671, 1-415-555-2671, +1 (415) 555-2671.
 * Separators must be -, . or space (never ":", so "x.ts:123:45" cannot match) and area code and exchange start 2-9.
 */
const NANP = /(?<![\w+.-])(?:\+?1[-. ]?)?(?:\([2-9]\d{2}\)[-. ]?|[2-9]\d{2}[-. ])[2-9]\d{2}[-. ]\d{4}(?![\w-]|\.\d)/g;

const maskQuoted = (value: string): string => {
  const quote = value[0];
  return quote === '"' || quote === "'" ? `${quote}${TOKEN}${quote}` : TOKEN;
};

/** Replaces phone numbers, e-mail addresses, tokens, secrets and session values in free text with placeholders. */
// Drizzle's "Failed query: … params: <every bound value>" carries whatever the user typed (names, notes, addresses).
const QUERY_PARAMS = /\bparams: [^\n]*/g;

export function scrubText(s: string): string {
  return s
    .replace(QUERY_PARAMS, `params: ${REDACTED}`)
    .replace(HEADER_LINE, (_m, name: string, sep: string) => `${name}${sep}${TOKEN}`)
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${TOKEN}`)
    .replace(JWT, TOKEN)
    .replace(VENDOR_SECRET, TOKEN)
    .replace(KEY_COLON_VALUE, (m, q: string, key: string, sep: string, value: string) =>
      isSensitiveTextKey(key) ? `${q}${key}${q}${sep}${maskQuoted(value)}` : m,
    )
    .replace(KEY_EQUALS_VALUE, (m, key: string, value: string) =>
      value !== '' && isSensitiveTextKey(key) ? `${key}=${maskQuoted(value)}` : m,
    )
    .replace(EMAIL_PATTERN, EMAIL)
    .replace(E164, PHONE)
    .replace(NANP, PHONE);
}

// ---------------------------------------------------------------------------------------------------------------
// Values

export const DEFAULT_SCRUB_DEPTH = 8;

/**
 * A scrubbed copy of `v`: strings go through `scrubText`, credential keys are dropped, personal-data keys masked.
 * Cycles become "[circular]" and anything below `depth` levels "[truncated]", so hostile input cannot blow the stack.
 * The input is never mutated.
 */
export function scrubValue(v: unknown, depth: number = DEFAULT_SCRUB_DEPTH): unknown {
  return walk(v, depth, new WeakSet());
}

function walk(v: unknown, depth: number, seen: WeakSet<object>): unknown {
  switch (typeof v) {
    case 'string':
      return scrubText(v);
    case 'number':
    case 'boolean':
    case 'undefined':
      return v;
    case 'bigint':
      return v.toString();
    case 'symbol':
      return v.toString();
    case 'function':
      return undefined;
  }
  if (v === null) return null;
  const obj = v as object;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (seen.has(obj)) return '[circular]';
  if (depth <= 0) return '[truncated]';
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((item) => walk(item, depth - 1, seen));
    if (obj instanceof Error) {
      // Own enumerable fields of errors (code, status, …) are kept; message and stack are not enumerable.
      return {
        ...(walkEntries(Object.entries(obj), depth, seen) as Record<string, unknown>),
        name: obj.name,
        message: scrubText(obj.message),
        ...(obj.stack === undefined ? {} : { stack: scrubText(obj.stack) }),
      };
    }
    if (obj instanceof Map)
      return walkEntries(
        [...obj.entries()].map(([k, val]) => [String(k), val]),
        depth,
        seen,
      );
    if (obj instanceof Set) return [...obj].map((item) => walk(item, depth - 1, seen));
    return walkEntries(Object.entries(obj), depth, seen);
  } finally {
    // Only ancestors count as cycles: the same object reached twice through siblings is shown twice.
    seen.delete(obj);
  }
}

function walkEntries(entries: [string, unknown][], depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (isSensitiveKey(key)) continue;
    const mask = personalDataPlaceholder(key);
    const masked = mask !== null && (typeof value === 'string' || typeof value === 'number');
    const scrubbed = masked ? mask : walk(value, depth - 1, seen);
    if (scrubbed !== undefined) out[key] = scrubbed;
  }
  return out;
}
