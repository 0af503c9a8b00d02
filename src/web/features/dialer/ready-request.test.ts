import { describe, expect, it } from 'vitest';
import type { DialerState } from './types';
import { readyRequest } from './use-dialer';

const line = (over: Partial<DialerState['line']> = {}): DialerState['line'] => ({
  required: true,
  kind: 'phone',
  kinds: ['phone', 'sip'],
  phone: '+12025550147',
  sip: 'sip:desk@pbx.example.com',
  status: 'none',
  ...over,
});
const untouched = { kind: null, phone: null, sip: null };

describe('readyRequest', () => {
  it('sends only the campaign where no leg is needed (the simulator)', () => {
    expect(readyRequest('c1', line({ required: false }), { kind: 'sip', phone: null, sip: 'x@y.example' })).toEqual({
      campaignId: 'c1',
    });
  });

  it('sends the remembered choice and address when the agent changed nothing', () => {
    expect(readyRequest('c1', line(), untouched)).toEqual({
      campaignId: 'c1',
      audioKind: 'phone',
      linePhone: '+12025550147',
    });
    expect(readyRequest('c1', line({ kind: 'sip' }), untouched)).toEqual({
      campaignId: 'c1',
      audioKind: 'sip',
      sipAddress: 'sip:desk@pbx.example.com',
    });
  });

  it('sends what the agent picked and typed, and only the address of the chosen kind', () => {
    expect(readyRequest('c1', line(), { kind: 'sip', phone: '202 555 0100', sip: 'alice@pbx.example.com' })).toEqual({
      campaignId: 'c1',
      audioKind: 'sip',
      sipAddress: 'alice@pbx.example.com',
    });
    // An emptied field is sent empty, so the server says it is missing rather than using the old one.
    expect(readyRequest('c1', line(), { kind: null, phone: '', sip: null })).toEqual({
      campaignId: 'c1',
      audioKind: 'phone',
      linePhone: '',
    });
  });

  it('falls back to an offered kind when the remembered one is not offered on this screen', () => {
    expect(readyRequest('c1', line({ kind: 'browser' }), untouched)).toEqual({
      campaignId: 'c1',
      audioKind: 'phone',
      linePhone: '+12025550147',
    });
  });
});
