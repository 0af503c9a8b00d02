import { describe, expect, it } from 'vitest';
import { slugKey, words, wordsCacheSize } from './lead-fields';

describe('words', () => {
  it('splits a header into lower-case ASCII words, the same on a repeated call', () => {
    expect(words('firstName')).toEqual(['first', 'name']);
    expect(words('firstName')).toEqual(['first', 'name']);
    expect(words('Straße Größe')).toEqual(['strasse', 'grosse']);
    expect(words('E-mail (Work)')).toEqual(['e', 'mail', 'work']);
    expect(slugKey('Lead Source (2024)')).toBe('lead_source_2024');
  });

  it('splits long headers without remembering them', () => {
    const before = wordsCacheSize();
    const long = `Long ${'x'.repeat(100)} header ${Math.random()}`;
    expect(words(long).slice(0, 1)).toEqual(['long']);
    expect(wordsCacheSize()).toBe(before);
  });

  it('remembers a bounded number of headers however many different ones arrive', () => {
    for (let i = 0; i < 5000; i++) expect(words(`Field ${i}`)).toEqual(['field', String(i)]);
    expect(wordsCacheSize()).toBeLessThanOrEqual(1000);
    expect(wordsCacheSize()).toBeGreaterThan(0);
  });

  it('hands out word lists that cannot be changed by a caller', () => {
    const ws = words('Phone Number') as string[];
    expect(() => ws.push('x')).toThrow();
    expect(words('Phone Number')).toEqual(['phone', 'number']);
  });
});
