import metadata from 'libphonenumber-js/max/metadata';
import { describe, expect, it } from 'vitest';
import { createPrefixOracle, validityPatterns } from './prefix-proof';

const entire = (source: string) => ({ source, mode: 'entire' as const });

describe('createPrefixOracle', () => {
  it('decides once every digit a pattern constrains is in the prefix', () => {
    const oracle = createPrefixOracle([entire('(?:2[0-4]|3\\d)[2-9]\\d{7}')], 10);
    expect(oracle.decides('')).toBe(false);
    expect(oracle.decides('25')).toBe(true); // no completion matches
    expect(oracle.decides('21')).toBe(false);
    expect(oracle.decides('213')).toBe(true);
    expect(oracle.decides('211')).toBe(true);
    expect(oracle.decides('2134567890')).toBe(true);
    expect(oracle.decidesEveryPrefix(3, [2, 3])).toBe(true);
    expect(oracle.decidesEveryPrefix(2, [2, 3])).toBe(false);
  });

  it('follows alternatives of different lengths, optional parts and counted repeats', () => {
    const oracle = createPrefixOracle([entire('(?:12|3)4?5\\d{6,7}')], 10);
    // "125" + 7 digits and "1245" + 6 digits both fit: the number is decided by its first digits only.
    expect(oracle.decides('125')).toBe(true);
    expect(oracle.decides('1245')).toBe(true);
    // After "3", a 4 is optional: "345" + 6 digits = 9 digits, too short, so "34" then "5" must follow.
    expect(oracle.decides('34')).toBe(false);
    expect(oracle.decides('345')).toBe(true);
  });

  it('knows a constraint late in the number keeps the prefix undecided', () => {
    const oracle = createPrefixOracle([entire('\\d{6}[0-4]\\d{3}')], 10);
    expect(oracle.decides('123456')).toBe(false);
    expect(oracle.decides('1234567')).toBe(true);
    expect(oracle.decidesEveryPrefix(6, [1])).toBe(false);
    expect(oracle.decidesEveryPrefix(7, [1])).toBe(true);
  });

  it('treats a leading-digits pattern as a match at the start, whatever follows', () => {
    const oracle = createPrefixOracle([{ source: '8001|8[024]9', mode: 'prefix' }], 10);
    expect(oracle.decides('809')).toBe(true);
    expect(oracle.decides('800')).toBe(false);
    expect(oracle.decides('8001')).toBe(true);
    expect(oracle.decides('7')).toBe(true);
  });

  it('requires every pattern to be decided', () => {
    const oracle = createPrefixOracle([entire('2\\d{9}'), entire('\\d{4}5\\d{5}')], 10);
    expect(oracle.decides('2')).toBe(false);
    expect(oracle.decides('21115')).toBe(true);
  });

  it('never decides when a pattern is outside the dialect', () => {
    for (const source of ['([457]\\d{6})$|1', '2.\\d{8}', '[a-z]', '(?=2)\\d{10}', '2(']) {
      const oracle = createPrefixOracle([entire('\\d{10}'), entire(source)], 10);
      expect(oracle.decides('2345678901'), source).toBe(false);
      expect(oracle.decidesEveryPrefix(1, [2]), source).toBe(false);
    }
  });
});

describe('validityPatterns', () => {
  it('reads the national, leading-digits and type patterns of all 25 NANP regions', () => {
    const patterns = validityPatterns(metadata, '1') ?? [];
    const regions = metadata.country_calling_codes['1'] ?? [];
    expect(regions).toHaveLength(25);
    for (const region of regions) {
      const plan = metadata.countries[region as keyof typeof metadata.countries] ?? [];
      expect(patterns, region).toContainEqual({ source: plan[2], mode: 'entire' });
      if (typeof plan[10] === 'string') expect(patterns, region).toContainEqual({ source: plan[10], mode: 'prefix' });
      for (const type of plan[11] as string[][])
        if (type[0]) expect(patterns, region).toContainEqual({ source: type[0], mode: 'entire' });
    }
  });

  it('refuses metadata of another format version', () => {
    expect(validityPatterns({ ...metadata, version: 5 } as never, '1')).toBeNull();
  });
});
