import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidEmail, normaliseEmail } from './email';

describe('isValidEmail', () => {
  it.each([
    'a@b.co',
    'john.smith@example.com',
    'john+leads@example.co.uk',
    "o'brien@example.ie",
    'x_y-z@sub-domain.example.org',
    'user@xn--bcher-kva.example',
    'jörg@bücher.de',
    '1234@example.com',
    'a@123.example.com',
  ])('accepts %s', (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    '',
    'plain',
    '@example.com',
    'john@',
    'john@example',
    'john@@example.com',
    'a@b@example.com',
    '.john@example.com',
    'john.@example.com',
    'jo..hn@example.com',
    'john@.example.com',
    'john@example..com',
    'john@example.com.',
    'john@-example.com',
    'john@example-.com',
    'john smith@example.com',
    'john@exa mple.com',
    'john@example.c',
    'john@example.123',
    'john@[192.168.0.1]',
    '"john"@example.com',
    'john@example.com\u00a0',
    'john,smith@example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(64)}.com`,
    `a@${'b.'.repeat(130)}com`,
  ])('rejects %j', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });

  it('answers hostile input at once (a backtracking regex would hang past the test timeout)', () => {
    // Shapes that make backtracking email regexes explode (dot runs, hyphen runs, a bad last
    // character) at the longest length we scan, and a megabyte cell, which the length cap stops.
    const hostile = [
      `${'a.'.repeat(31)}a@${'a-a.'.repeat(40)}com!`,
      `a@${'a-'.repeat(120)}`,
      `${'a'.repeat(60)}@${'a.'.repeat(95)}!`,
      `${'a'.repeat(60)}@${'a'.repeat(60)}.${'a'.repeat(1_000_000)}`,
    ];
    for (const s of hostile) expect(isValidEmail(s)).toBe(false);
  });

  it('accepts any address built from valid parts', () => {
    const atom = fc.stringMatching(/^[a-z0-9!#$%&'*+\-/=?^_`{|}~]{1,10}$/);
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const tld = fc.stringMatching(/^[a-z]{2,6}$/);
    fc.assert(
      fc.property(
        fc.array(atom, { minLength: 1, maxLength: 3 }),
        fc.array(label, { minLength: 1, maxLength: 3 }),
        tld,
        (local, domain, top) => {
          expect(isValidEmail(`${local.join('.')}@${domain.join('.')}.${top}`)).toBe(true);
        },
      ),
    );
  });
});

describe('normaliseEmail', () => {
  it('lower-cases, trims and drops mailto:', () => {
    expect(normaliseEmail('  John.Smith@Example.COM ')).toEqual({ ok: true, email: 'john.smith@example.com' });
    expect(normaliseEmail('mailto:Ann@Example.com')).toEqual({ ok: true, email: 'ann@example.com' });
  });

  it('gives null for a blank cell and rejects a malformed one', () => {
    expect(normaliseEmail('')).toEqual({ ok: true, email: null });
    expect(normaliseEmail('   ')).toEqual({ ok: true, email: null });
    expect(normaliseEmail(undefined)).toEqual({ ok: true, email: null });
    expect(normaliseEmail('n/a')).toEqual({ ok: false, reason: 'invalid' });
    expect(normaliseEmail('a@b.com; c@d.com')).toEqual({ ok: false, reason: 'invalid' });
  });
});
