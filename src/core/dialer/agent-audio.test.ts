import { describe, expect, it } from 'vitest';
import { isSipUri, parseSipAddress } from './agent-audio';

describe('parseSipAddress', () => {
  it('turns the ways people write a SIP address into the URI the carrier dials', () => {
    expect(parseSipAddress('alice@pbx.example.com')).toEqual({ ok: true, uri: 'sip:alice@pbx.example.com' });
    expect(parseSipAddress('  SIP:alice@PBX.Example.com:5062 ')).toEqual({
      ok: true,
      uri: 'sip:alice@pbx.example.com:5062',
    });
    expect(parseSipAddress('sips:1001@10.0.0.7')).toEqual({ ok: true, uri: 'sips:1001@10.0.0.7' });
    expect(parseSipAddress('agent.7%40desk@example.sip.signalwire.com')).toMatchObject({ ok: true });
  });

  it('says what is wrong with what is not one', () => {
    expect(parseSipAddress('')).toEqual({ ok: false, reason: 'enter an address like alice@pbx.example.com' });
    expect(parseSipAddress('alice')).toMatchObject({ ok: false, reason: expect.stringContaining('user and a host') });
    expect(parseSipAddress('@pbx.example.com')).toMatchObject({ ok: false });
    expect(parseSipAddress('alice@pbx')).toMatchObject({ ok: false, reason: 'the host is not a name or an address' });
    expect(parseSipAddress('alice@pbx.example.com:70000')).toMatchObject({
      ok: false,
      reason: 'the port must be between 1 and 65535',
    });
    expect(parseSipAddress('alice@999.1.1.1')).toMatchObject({ ok: false });
  });

  it('refuses parameters and headers that would change what the carrier sends', () => {
    expect(parseSipAddress('alice@pbx.example.com;transport=tcp')).toMatchObject({ ok: false });
    expect(parseSipAddress('alice@pbx.example.com?X-Evil=1')).toMatchObject({ ok: false });
    expect(parseSipAddress('alice bob@pbx.example.com')).toMatchObject({ ok: false });
    expect(parseSipAddress('<sip:alice@pbx.example.com>')).toMatchObject({ ok: false });
  });
});

describe('isSipUri', () => {
  it('tells a SIP destination from a phone number', () => {
    expect(isSipUri('sip:alice@pbx.example.com')).toBe(true);
    expect(isSipUri('sips:alice@pbx.example.com:5061')).toBe(true);
    expect(isSipUri('+12025550147')).toBe(false);
    expect(isSipUri('sip:alice')).toBe(false);
  });
});
