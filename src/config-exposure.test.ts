import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

describe('development mode reachable from the network', () => {
  it('warns when HOST or PUBLIC_BASE_URL is not loopback without NODE_ENV=production', () => {
    expect(parseConfig({}).warnings).toEqual([]);
    expect(parseConfig({ HOST: '127.0.0.1', PUBLIC_BASE_URL: 'http://localhost:3000' }).warnings).toEqual([]);
    const [onHost] = parseConfig({ HOST: '0.0.0.0' }).warnings;
    expect(onHost).toMatch(/HOST=0\.0\.0\.0.*must set NODE_ENV=production/);
    const [onUrl] = parseConfig({ PUBLIC_BASE_URL: 'https://dialer.example.com' }).warnings;
    expect(onUrl).toMatch(/PUBLIC_BASE_URL=https:\/\/dialer\.example\.com/);
  });

  it('says nothing in production', () => {
    const c = parseConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      AUTH_SECRET: 'x'.repeat(40),
      PUBLIC_BASE_URL: 'https://dialer.example.com',
    });
    expect(c.warnings).toEqual([]);
  });
});
