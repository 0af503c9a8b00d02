import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('config', () => {
  it('defaults to the embedded database on port 3000 in development', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATA_DIR).toBe('./.data');
    expect(c.embeddedDatabase).toBe(true);
    expect(c.publicBaseUrl).toBe('http://localhost:3000');
    expect(c.isProduction).toBe(false);
  });

  it('treats empty strings as unset', () => {
    const c = parseConfig({ DATABASE_URL: '', PORT: '  ' });
    expect(c.embeddedDatabase).toBe(true);
    expect(c.PORT).toBe(3000);
  });

  it('names the variable when a value is wrong', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => parseConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });

  it('refuses to run in production without its secrets', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET, PUBLIC_BASE_URL/);
    const c = parseConfig({
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(40),
      PUBLIC_BASE_URL: 'https://app.example.com/',
    });
    expect(c.publicBaseUrl).toBe('https://app.example.com');
  });

  it('trusts the loopback forms of a loopback PUBLIC_BASE_URL outside production only', () => {
    expect(parseConfig({ PORT: '3000' }).trustedOrigins).toEqual([
      'http://localhost:3000',
      'http://127.0.0.1:3000',
      'http://[::1]:3000',
    ]);
    expect(parseConfig({ PUBLIC_BASE_URL: 'http://127.0.0.1:4000/' }).trustedOrigins).toEqual([
      'http://127.0.0.1:4000',
      'http://localhost:4000',
      'http://[::1]:4000',
    ]);
    expect(parseConfig({ PUBLIC_BASE_URL: 'https://dial.example.com' }).trustedOrigins).toEqual([
      'https://dial.example.com',
    ]);
    const prod = parseConfig({
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(40),
      PUBLIC_BASE_URL: 'http://localhost:3000',
    });
    expect(prod.trustedOrigins).toEqual(['http://localhost:3000']);
  });

  it('uses DATABASE_URL when set', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x' }).embeddedDatabase).toBe(false);
  });
});
