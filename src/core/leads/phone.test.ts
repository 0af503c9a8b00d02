import fc from 'fast-check';
import metadata from 'libphonenumber-js/max/metadata';
import { describe, expect, it } from 'vitest';
import { createNanpPrefixTable, scanNanp } from './nanp-fast-path';
import type { PhoneResult } from './nanp-fast-path';
import { nanpOracle, normalisePhone, normalisePhoneWithLibrary, phoneSearchKey } from './phone';
import type { PrefixOracle } from './prefix-proof';
import type { PhoneCountry } from './phone';

// Every region that dials +1: with any of them as the default, numbers without "+" read as +1.
const NANP_DEFAULTS = (metadata.country_calling_codes['1'] ?? []) as PhoneCountry[];

/** Twenty ways people write the same North American number (area code, exchange, line). */
const writtenForms: ReadonlyArray<(a: string, b: string, c: string) => string> = [
  (a, b, c) => `(${a}) ${b}-${c}`,
  (a, b, c) => `${a}-${b}-${c}`,
  (a, b, c) => `${a}.${b}.${c}`,
  (a, b, c) => `${a} ${b} ${c}`,
  (a, b, c) => `+1 ${a} ${b} ${c}`,
  (a, b, c) => `1-${a}-${b}-${c}`,
  (a, b, c) => `+1${a}${b}${c}`,
  (a, b, c) => `001 ${a} ${b} ${c}`,
  (a, b, c) => `${a}${b}${c}`,
  (a, b, c) => `1 (${a}) ${b}-${c}`,
  (a, b, c) => `tel:+1-${a}-${b}-${c}`,
  (a, b, c) => `${a}-${b}-${c} x123`,
  (a, b, c) => `(${a}) ${b}-${c} ext. 4567`,
  (a, b, c) => `   ${a}-${b}-${c}  `,
  (a, b, c) => `${a}\u00a0${b}\u00a0${c}`,
  (a, b, c) => `${a}\u2013${b}\u2014${c}`,
  (a, b, c) => `${a}/${b}-${c}`,
  (a, b, c) => `+1\u202f(${a})\u202f${b}\u2011${c}`,
  (a, b, c) => `1.${a}.${b}.${c}`,
  (a, b, c) => `+1 (${a}) ${b}-${c} extension 9`,
];

function split(national: string): [string, string, string] {
  return [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
}

/** Ten national digits the library itself calls a valid +1 number. */
const validNational = fc
  .integer({ min: 2_000_000_000, max: 9_999_999_999 })
  .map(String)
  .filter((n) => normalisePhoneWithLibrary(`+1${n}`).ok);

describe('normalisePhone', () => {
  it('has twenty distinct written forms and all 25 NANP defaults under test', () => {
    expect(NANP_DEFAULTS).toHaveLength(25);
    expect(new Set(writtenForms.map((f) => f('415', '555', '2671'))).size).toBe(20);
  });

  it('reads every written form of a valid number as the same E.164, like the library does', () => {
    fc.assert(
      fc.property(validNational, (national) => {
        const want: PhoneResult = { ok: true, e164: `+1${national}` };
        for (const form of writtenForms) {
          const written = form(...split(national));
          expect(normalisePhone(written), written).toEqual(want);
          expect(normalisePhoneWithLibrary(written), written).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes the fast path for all twenty forms (the library is not consulted per number)', () => {
    for (const form of writtenForms) {
      const written = form('415', '555', '2671');
      expect(scanNanp(written, true), written).toBe(4155552671);
    }
  });

  it('agrees with the library on random 10-digit strings', () => {
    // Strings starting 0 or 1 are never NANP numbers: the scanner hands them to the library as is.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_999_999_999 }),
        (n) => scanNanp(String(n).padStart(10, '0'), true) === -1,
      ),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 2_000_000_000, max: 9_999_999_999 }), (n) => {
        const digits = String(n);
        expect(normalisePhone(digits), digits).toEqual(normalisePhoneWithLibrary(digits));
      }),
      { numRuns: 10_000 },
    );
  }, 60_000);

  it('agrees with the library on random numbers of assigned area codes, in +1/1/001 forms and every NANP default', () => {
    // Random 10-digit strings mostly hit unassigned area codes; this keeps the first four digits of a
    // valid number (the table's usual key) and varies the other six, where a prefix table would go wrong.
    const validPrefix = validNational.map((n) => n.slice(0, 4));
    fc.assert(
      fc.property(
        validPrefix,
        fc.integer({ min: 0, max: 999_999 }),
        fc.constantFrom('', '1', '+1', '001', '1 ', '+1 '),
        fc.constantFrom(...NANP_DEFAULTS),
        (prefix, rest, lead, country) => {
          const written = `${lead}${prefix}${String(rest).padStart(6, '0')}`;
          expect(normalisePhone(written, country), `${written} @${country}`).toEqual(
            normalisePhoneWithLibrary(written, country),
          );
        },
      ),
      { numRuns: 10_000 },
    );
  }, 60_000);

  it('agrees with the library on number-shaped strings with odd formatting, prefixes and tails', () => {
    // Built around ten digits so that the scanner often says yes; the noise probes its edges.
    const sep = fc.oneof(
      {
        weight: 40,
        arbitrary: fc.constantFrom('', '', '', ' ', '-', '.', '(', ')', '/', '\u00a0', '\u2013', '\u202f', ' - '),
      },
      { weight: 1, arbitrary: fc.constantFrom('\t', ',', 'x', '--', '+', '#', 'a', '\u200b') },
    );
    const digit = fc.tuple(fc.integer({ min: 0, max: 9 }), sep);
    const digits = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.tuple(fc.integer({ min: 2, max: 9 }), fc.array(digit, { minLength: 9, maxLength: 9 })),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.integer({ min: 0, max: 9 }), fc.array(digit, { minLength: 6, maxLength: 13 })),
      },
    );
    const lead = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('', '+1', '1', '001', '+1 ', '1 ', 'tel:+1', 'TEL:+1-', '(', '1(') },
      { weight: 1, arbitrary: fc.constantFrom('+ 1', 'tel:', '011 1 ', '01', '0', '+', '++1', '11', '+11', 'a', '-') },
    );
    const tail = fc.constantFrom(
      '',
      '',
      '',
      ' x12',
      'x1',
      ' X 123456',
      ' x1234567',
      ' ext. 55',
      ' ext:55',
      ' extn 7',
      ' extension 12',
      '#12',
      ' #',
      ';ext=9',
      ' x',
      ' x12 x13',
      ' ext',
      '.',
      ' .',
      ' 1',
      ' (home)',
      ',',
      ' - x12',
      ' x\u00a012',
      'ext.1',
      ' EXT 1',
    );
    const ws = fc.constantFrom('', ' ', '\u00a0', '\t', '\u3000');
    let fastPathAnswers = 0;
    fc.assert(
      fc.property(
        ws,
        lead,
        digits,
        tail,
        ws,
        fc.constantFrom<PhoneCountry>('US', 'CA', 'GB', 'JM'),
        (before, prefix, [first, rest], suffix, after, country) => {
          const written = before + prefix + String(first) + rest.map(([d, s]) => `${s}${d}`).join('') + suffix + after;
          if (scanNanp(written, country !== 'GB') >= 0) fastPathAnswers++;
          expect(normalisePhone(written, country), JSON.stringify(written)).toEqual(
            normalisePhoneWithLibrary(written, country),
          );
        },
      ),
      { numRuns: 10_000 },
    );
    // The generator must actually reach the fast path, or this test proves nothing about it.
    expect(fastPathAnswers).toBeGreaterThan(1_000);
  }, 60_000);

  it("gives the library's reason for a rejected number whose ten digits the fast scan found", () => {
    // Found by the property test above (seed -633576043): the table said "invalid", the library "too long".
    expect(normalisePhone('0 - 012000000000', 'US')).toEqual(normalisePhoneWithLibrary('0 - 012000000000', 'US'));
  });

  it('agrees with the library on arbitrary strings of digits, formatting and extension markers', () => {
    const piece = fc.constantFrom(
      ...'0123456789012345678901234567890123456789'.split(''),
      ' ',
      '-',
      '.',
      '(',
      ')',
      '/',
      '+',
      '\u00a0',
      '\u2013',
      '\u202f',
      '\t',
      'x',
      'X',
      'ext',
      'ext. ',
      'extension ',
      '#',
      ';ext=',
      'tel:',
      'a',
      ',',
      '00',
      '001',
      '011',
      '1',
      '+1',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 24 }),
        fc.constantFrom<PhoneCountry>('US', 'CA', 'GB', 'DE', 'JM'),
        (pieces, country) => {
          const written = pieces.join('');
          expect(normalisePhone(written, country), JSON.stringify(written)).toEqual(
            normalisePhoneWithLibrary(written, country),
          );
        },
      ),
      { numRuns: 3_000 },
    );
  }, 60_000);

  it('agrees with the library on cells without a digit', () => {
    const noDigits = fc.string({
      unit: fc.constantFrom(
        'a',
        'n',
        '/',
        '+',
        '-',
        ' ',
        '\u00a0',
        'x',
        '#',
        '(',
        ')',
        'tel:',
        'ext',
        '.',
        '\uff0b',
        '\u2013',
        '\t',
      ),
    });
    fc.assert(
      fc.property(noDigits, (written) => {
        expect(normalisePhone(written), JSON.stringify(written)).toEqual(normalisePhoneWithLibrary(written));
      }),
      { numRuns: 2_000 },
    );
  });

  it('says why a number is rejected', () => {
    expect(normalisePhone('')).toEqual({ ok: false, reason: 'empty' });
    expect(normalisePhone(' \u00a0 ')).toEqual({ ok: false, reason: 'empty' });
    expect(normalisePhone('n/a')).toEqual({ ok: false, reason: 'not_a_number' });
    expect(normalisePhone('12')).toEqual({ ok: false, reason: 'too_short' });
    expect(normalisePhone('415-555-267')).toEqual({ ok: false, reason: 'too_short' });
    expect(normalisePhone('1234567890123456789')).toEqual({ ok: false, reason: 'too_long' });
    // 211 is an N11 service code, never an area code; the max metadata knows it is unassigned.
    expect(normalisePhone('(211) 555-1234')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('reads numbers without "+" in the default country, and "+" numbers anywhere', () => {
    expect(normalisePhone('020 7946 0958', 'GB')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalisePhone('+44 20 7946 0958')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalisePhone('0044 20 7946 0958')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalisePhone('+1 415 555 2671', 'DE')).toEqual({ ok: true, e164: '+14155552671' });
    // Without "+", a German default reads ten digits as a German number, not a US one.
    expect(normalisePhone('4155552671', 'DE')).toEqual(normalisePhoneWithLibrary('4155552671', 'DE'));
    expect(scanNanp('4155552671', false)).toBe(-1);
  });
});

describe('createNanpPrefixTable', () => {
  const decidesFourDigits: PrefixOracle = { decides: (p) => p.length >= 4, decidesEveryPrefix: () => false };

  it('asks the library once per proven prefix and answers the rest of the prefix from it', () => {
    const calls: string[] = [];
    const table = createNanpPrefixTable(
      (e164) => {
        calls.push(e164);
        return e164.startsWith('+1211') ? { ok: false, reason: 'invalid' } : { ok: true, e164 };
      },
      () => decidesFourDigits,
    );
    expect(table.lookup(4155552671)).toEqual({ ok: true, e164: '+14155552671' });
    expect(table.lookup(4155990000)).toEqual({ ok: true, e164: '+14155990000' });
    expect(table.lookup(2115551234)).toEqual({ ok: false, reason: 'invalid' });
    expect(table.lookup(2115000000)).toEqual({ ok: false, reason: 'invalid' });
    expect(calls).toEqual(['+14155000000', '+12115000000']);
  });

  it('goes down to six digits where four do not decide, and to the library where six do not either', () => {
    const calls: string[] = [];
    const oracle: PrefixOracle = {
      decides: (p) => p.length >= 6 && !p.startsWith('246521'),
      decidesEveryPrefix: () => false,
    };
    const table = createNanpPrefixTable(
      (e164) => {
        calls.push(e164);
        return { ok: true, e164 };
      },
      () => oracle,
    );
    expect(table.lookup(4155552671)).toEqual({ ok: true, e164: '+14155552671' });
    expect(table.lookup(4155550000)).toEqual({ ok: true, e164: '+14155550000' });
    expect(table.lookup(2465211234)).toBeUndefined();
    expect(calls).toEqual(['+14155550000']);
  });

  it('leaves everything to the library when nothing is proven', () => {
    const table = createNanpPrefixTable(
      () => ({ ok: false, reason: 'invalid' }),
      () => ({ decides: () => false, decidesEveryPrefix: () => false }),
    );
    expect(table.lookup(4155552671)).toBeUndefined();
  });
});

describe('the fast path proof on the installed metadata', () => {
  const firstDigits = [2, 3, 4, 5, 6, 7, 8, 9];

  it('lets four digits decide for nearly every NANP prefix (so the table stays small)', () => {
    let decided = 0;
    for (let p = 2000; p <= 9999; p++) if (nanpOracle().decides(String(p))) decided++;
    expect(decided / 8000).toBeGreaterThan(0.95);
  }, 30_000);

  it('matches the library on every number of each prefix that six digits do not decide', () => {
    // The metadata has a few 7-digit rules (Barbados, Jamaica…); those prefixes must reach the library.
    const oracle = nanpOracle();
    expect(oracle.decidesEveryPrefix(6, firstDigits)).toBe(false);
    const undecided: string[] = [];
    for (let p = 2000; p <= 9999; p++) {
      if (oracle.decides(String(p))) continue;
      for (let q = 0; q < 100; q++) {
        const six = `${p}${String(q).padStart(2, '0')}`;
        if (!oracle.decides(six)) undecided.push(six);
      }
    }
    expect(undecided.length).toBeGreaterThan(0);
    expect(undecided.length).toBeLessThan(50);
    for (const six of undecided) {
      const verdicts = new Set<string>();
      for (let line = 0; line < 10_000; line++) {
        const national = `${six}${String(line).padStart(4, '0')}`;
        const want = normalisePhoneWithLibrary(national);
        expect(normalisePhone(national), national).toEqual(want);
        verdicts.add(JSON.stringify(want));
      }
      // The proof is not needlessly cautious: the answer really changes inside the prefix.
      expect(verdicts.size, six).toBeGreaterThan(1);
    }
  }, 120_000);
});

describe('phoneSearchKey', () => {
  it.each([
    ['(415) 555', '415555'],
    ['415-555-2671 x12', '4155552671'],
    ['+1 415', '1415'],
    ['0044 20 79', '442079'],
    ['011 44 20', '4420'],
    ['\uff14\uff11\uff15', '415'],
    ['Smith', ''],
    ['', ''],
  ])('%j → %j', (typed, key) => {
    expect(phoneSearchKey(typed)).toBe(key);
  });

  it('finds the typed digits inside the stored E.164 number for any written form', () => {
    fc.assert(
      fc.property(validNational, fc.integer({ min: 0, max: writtenForms.length - 1 }), (national, f) => {
        const form = writtenForms[f];
        if (form === undefined) throw new Error('form index out of range');
        const written = form(...split(national));
        const stored = normalisePhone(written);
        if (!stored.ok) throw new Error(`not normalised: ${written}`);
        const key = phoneSearchKey(written);
        expect(key.length).toBeGreaterThanOrEqual(10);
        expect(stored.e164.slice(1)).toContain(key);
      }),
      { numRuns: 300 },
    );
  });
});
