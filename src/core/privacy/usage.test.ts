import { describe, expect, it } from 'vitest';
import { pageViewName, usageDay } from './usage';

describe('anonymous usage names', () => {
  it('keeps the route shape and drops ids, tokens and query strings', () => {
    expect(pageViewName('/app/settings/members')).toBe('/app/settings/members');
    expect(pageViewName('/app/leads/4f1c2b7e-0000-4000-8000-000000000000?search=jane@example.com')).toBe(
      '/app/leads/:id',
    );
    expect(pageViewName('/invite/AbCdEf123_secret-token')).toBe('/invite');
    expect(pageViewName('/reset-password?token=xyz')).toBe('/reset-password');
    expect(pageViewName('/')).toBe('/');
    expect(pageViewName('https://evil.example/x')).toBeNull();
    expect(pageViewName('/' + 'a'.repeat(300))).toBeNull();
  });

  it('counts by UTC day', () => {
    expect(usageDay(new Date('2026-11-29T23:59:59Z'))).toBe('2026-11-29');
  });
});
