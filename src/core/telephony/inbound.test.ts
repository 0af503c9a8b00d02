import { describe, expect, it } from 'vitest';
import { inboundPrompt, isOptOutCaller, optOutConfirmation, optOutReason } from './inbound';

describe('the inbound menu', () => {
  it('names the seller and offers the opt-out key only to a caller with a number', () => {
    expect(inboundPrompt('Acme Solar', true)).toBe(
      'Thank you for calling Acme Solar. Nobody is free to take your call just now. To stop all calls from Acme Solar to this number, press 9. Otherwise, please call again later.',
    );
    expect(inboundPrompt('Acme Solar', false)).toBe(
      'Thank you for calling Acme Solar. Nobody is free to take your call just now. Please call again later.',
    );
    expect(inboundPrompt('  ', true)).toContain('To stop all calls from us to this number, press 9.');
  });

  it('puts only E.164 callers on the list', () => {
    expect(isOptOutCaller('+12125550147')).toBe(true);
    expect(isOptOutCaller('anonymous')).toBe(false);
    expect(isOptOutCaller('sip:alice@example.com')).toBe(false);
  });

  it('confirms and records how the number was added', () => {
    expect(optOutConfirmation('Acme Solar')).toBe('Done. Acme Solar will not call this number again. Goodbye.');
    expect(optOutReason({ to: '+12025550123', at: new Date('2030-01-08T16:00:00Z') })).toBe(
      'Caller pressed 9 on an inbound call to +12025550123 at 2030-01-08T16:00:00.000Z',
    );
  });
});
