import { describe, expect, it } from 'vitest';
import { ConfigError, defaultSimulatorCallerIds, parseConfig, signalWireBrowserOrigins } from './config';

const signalwire = {
  SIGNALWIRE_PROJECT_ID: 'b1d2c3e4-0000-4000-8000-00000000f00d',
  SIGNALWIRE_API_TOKEN: 'PTsecret',
  SIGNALWIRE_SPACE_URL: 'acme.signalwire.com',
  SIGNALWIRE_SIGNING_KEY: 'PSKsigning',
  PUBLIC_BASE_URL: 'https://dialer.example.com',
};

describe('telephony configuration', () => {
  it('runs the simulator with its default caller IDs when no SignalWire variable is set', () => {
    const { telephony } = parseConfig({});
    expect(telephony).toEqual({ provider: 'simulator', numbers: defaultSimulatorCallerIds, speed: 1 });
  });

  it('reads the simulator settings', () => {
    const { telephony } = parseConfig({
      SIMULATOR_NUMBERS: ' +14155550100, +13125550100 ',
      SIMULATOR_SEED: '42',
      SIMULATOR_SPEED: '60',
      SIMULATOR_SIGNING_KEY: 'a-simulator-signing-key',
    });
    expect(telephony).toEqual({
      provider: 'simulator',
      numbers: ['+14155550100', '+13125550100'],
      seed: 42,
      speed: 60,
      signingKey: 'a-simulator-signing-key',
    });
    expect(() => parseConfig({ SIMULATOR_NUMBERS: '+14155550100,4155550101' })).toThrow(/SIMULATOR_NUMBERS/);
    expect(() => parseConfig({ SIMULATOR_SPEED: '0' })).toThrow(/SIMULATOR_SPEED/);
  });

  it('chooses the simulator population model, flat weights by default', () => {
    expect(parseConfig({}).telephony).not.toHaveProperty('population');
    expect(parseConfig({ SIMULATOR_POPULATION: 'cold' }).telephony).toMatchObject({ population: { preset: 'cold' } });
    expect(parseConfig({ SIMULATOR_POPULATION: 'warm', SIMULATOR_HUMAN_RATE: '0.3' }).telephony).toMatchObject({
      population: { preset: 'warm', humanRate: 0.3 },
    });
    expect(() => parseConfig({ SIMULATOR_POPULATION: 'everyone' })).toThrow(/SIMULATOR_POPULATION/);
    expect(() => parseConfig({ SIMULATOR_POPULATION: 'cold', SIMULATOR_HUMAN_RATE: '0.9' })).toThrow(
      /SIMULATOR_HUMAN_RATE/,
    );
    expect(() => parseConfig({ SIMULATOR_HUMAN_RATE: '0.1' })).toThrow(/SIMULATOR_POPULATION to cold or warm/);
  });

  it('uses SignalWire when all four credentials and PUBLIC_BASE_URL are set', () => {
    const { telephony } = parseConfig({ ...signalwire, SIGNALWIRE_API_BASE_URL: 'http://127.0.0.1:9999' });
    expect(telephony).toEqual({
      provider: 'signalwire',
      projectId: signalwire.SIGNALWIRE_PROJECT_ID,
      apiToken: 'PTsecret',
      spaceUrl: 'acme.signalwire.com',
      signingKey: 'PSKsigning',
      apiBaseUrl: 'http://127.0.0.1:9999',
    });
  });

  it('refuses half a SignalWire configuration, naming what is missing', () => {
    const { SIGNALWIRE_SIGNING_KEY: _k, ...noKey } = signalwire;
    expect(() => parseConfig(noKey)).toThrow(ConfigError);
    expect(() => parseConfig(noKey)).toThrow(/SIGNALWIRE_SIGNING_KEY is not set/);
    const { PUBLIC_BASE_URL: _u, ...noUrl } = signalwire;
    expect(() => parseConfig(noUrl)).toThrow(/PUBLIC_BASE_URL is not set/);
    expect(() => parseConfig({ SIGNALWIRE_PROJECT_ID: 'x' })).toThrow(
      /SIGNALWIRE_API_TOKEN, SIGNALWIRE_SPACE_URL, SIGNALWIRE_SIGNING_KEY, PUBLIC_BASE_URL are not set/,
    );
    expect(() => parseConfig({ SIGNALWIRE_API_BASE_URL: 'http://127.0.0.1:1' })).toThrow(/SIGNALWIRE_API_BASE_URL/);
    // Empty strings count as unset: an empty token is half a configuration, not a configuration.
    expect(() => parseConfig({ ...signalwire, SIGNALWIRE_API_TOKEN: '' })).toThrow(/SIGNALWIRE_API_TOKEN/);
  });

  it("derives the browser leg's CSP origins from the relay, only on SignalWire", () => {
    expect(parseConfig({}).browserConnectSources).toEqual([]);
    expect(parseConfig(signalwire).browserConnectSources).toEqual([
      'wss://relay.signalwire.com',
      'https://fabric.signalwire.com',
    ]);
    expect(parseConfig({ ...signalwire, SIGNALWIRE_RELAY_HOST: 'puc.signalwire.com' }).browserConnectSources).toEqual([
      'wss://puc.signalwire.com',
      'https://fabric.signalwire.com',
    ]);
    // A local fake relay for offline tests: ws:// is accepted outside production only.
    expect(signalWireBrowserOrigins('ws://127.0.0.1:8081', false)).toEqual(['ws://127.0.0.1:8081']);
    expect(() => signalWireBrowserOrigins('ws://127.0.0.1:8081', true)).toThrow(/ws:\/\/.*only outside production/);
    expect(() => parseConfig({ ...signalwire, SIGNALWIRE_RELAY_HOST: 'relay.example.com/path' })).toThrow(
      /SIGNALWIRE_RELAY_HOST/,
    );
    expect(() => parseConfig({ SIGNALWIRE_RELAY_HOST: 'relay.signalwire.com' })).toThrow(
      /SIGNALWIRE_RELAY_HOST is set without the SignalWire credentials/,
    );
  });
});
