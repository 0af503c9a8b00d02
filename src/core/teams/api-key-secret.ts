// The shape of an API key: "dsk_" and 43 base64url characters (32 random bytes). The random bytes come from the
// caller (core does no I/O); only a hash of the whole key is stored.

export const API_KEY_MARK = 'dsk_';
const SHAPE = /^dsk_[A-Za-z0-9_-]{43}$/;

export function formatApiKey(random: Uint8Array): string {
  if (random.length !== 32) throw new Error('an API key needs 32 random bytes');
  const b64 = btoa(String.fromCharCode(...random));
  return API_KEY_MARK + b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** True when a presented key has our shape (anything else is refused without a database read). */
export const looksLikeApiKey = (key: string) => SHAPE.test(key);

/** What lists show to recognise a key. */
export const apiKeyPrefix = (key: string) => key.slice(0, 12);
