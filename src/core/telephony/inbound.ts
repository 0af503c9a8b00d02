// What an inbound caller hears when nobody can take their call (decision 0026). Pure: the words only.

/** The key that takes the caller's number off the team's lists, as the safe-harbor message promises. */
export const OPT_OUT_KEY = '9';

const E164 = /^\+[1-9]\d{6,14}$/;

/** A caller we can put on the DNC list: a real number, not "anonymous" or a SIP address. */
export function isOptOutCaller(from: string): boolean {
  return E164.test(from);
}

/** The prompt; `seller` is the campaign's safe-harbor seller or the team's name. */
export function inboundPrompt(seller: string, canOptOut: boolean): string {
  const who = seller.trim() === '' ? 'us' : seller.trim();
  const thanks = `Thank you for calling${seller.trim() === '' ? '' : ` ${seller.trim()}`}. Nobody is free to take your call just now.`;
  return canOptOut
    ? `${thanks} To stop all calls from ${who} to this number, press ${OPT_OUT_KEY}. Otherwise, please call again later.`
    : `${thanks} Please call again later.`;
}

export const INBOUND_NO_KEY = 'Thank you. Goodbye.';

export function optOutConfirmation(seller: string): string {
  const who = seller.trim() === '' ? 'We' : seller.trim();
  return `Done. ${who} will not call this number again. Goodbye.`;
}

/** What the DNC list says of an entry the caller added themselves. */
export function optOutReason(input: { to: string; at: Date }): string {
  return `Caller pressed ${OPT_OUT_KEY} on an inbound call to ${input.to} at ${input.at.toISOString()}`;
}
