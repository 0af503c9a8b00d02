import { describe, expect, it } from 'vitest';
import { apiKeyPrefix, formatApiKey, looksLikeApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('formats 32 random bytes as a recognisable key', () => {
    const key = formatApiKey(new Uint8Array(32).fill(7));
    expect(key).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(apiKeyPrefix(key)).toBe(key.slice(0, 12));
  });

  it('refuses other lengths of randomness', () => {
    expect(() => formatApiKey(new Uint8Array(16))).toThrow();
  });

  it('tells keys from other bearer strings', () => {
    expect(looksLikeApiKey('dsk_short')).toBe(false);
    expect(looksLikeApiKey(`xyz_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeApiKey(`dsk_${'a'.repeat(42)}!`)).toBe(false);
  });
});
