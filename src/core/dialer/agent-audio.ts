// How an agent hears the leads they dial (docs/decisions/0014-agent-audio-choice.md). Every kind ends in the same
// place — the agent's per-session conference — so the dialer only asks whether the agent's audio is up.

export const audioKinds = ['phone', 'sip', 'browser'] as const;
export type AudioKind = (typeof audioKinds)[number];

/** Labels the agent sees, one place so the Ready screen and error messages agree. */
export const audioKindLabels: Record<AudioKind, string> = {
  phone: 'My phone',
  sip: 'A SIP address (desk phone or softphone app)',
  browser: 'This browser (headset)',
};

export type SipAddressResult = { ok: true; uri: string } | { ok: false; reason: string };

// user@host[:port], user made of the characters RFC 3261 allows unescaped in a user part (plus %-escapes);
// the host a DNS name or IPv4 address. Parameters and headers (";transport=…", "?…") are refused: the carrier
// dials a plain address, and a header could smuggle instructions into the INVITE.
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const HOST = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * A SIP address typed any reasonable way ("alice@pbx.example.com", "sip:alice@pbx.example.com:5060") as the
 * `sip:` URI the carrier dials, or why it is not one. `sips:` is kept as typed (the phone asked for TLS).
 */
export function parseSipAddress(raw: string): SipAddressResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'enter an address like alice@pbx.example.com' };
  if (text.length > 200) return { ok: false, reason: 'too long' };
  const scheme = /^sips?:/i.exec(text)?.[0].toLowerCase() ?? 'sip:';
  const rest = text.replace(/^sips?:/i, '');
  if (/[;?\s<>"]/.test(rest.replace(/^[^@]*@/, '')) || /[\s<>"]/.test(rest))
    return { ok: false, reason: 'only a plain address, without parameters or spaces' };
  const at = rest.lastIndexOf('@');
  if (at <= 0) return { ok: false, reason: 'it needs a user and a host, like alice@pbx.example.com' };
  const user = rest.slice(0, at);
  const hostPort = rest.slice(at + 1);
  if (!USER.test(user) || /[;?]/.test(user))
    return { ok: false, reason: 'the part before @ has characters SIP does not allow' };
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!m) return { ok: false, reason: 'the host is not a name or an address' };
  const host = m[1]!.toLowerCase();
  if (!HOST.test(host) && !IPV4.test(host)) return { ok: false, reason: 'the host is not a name or an address' };
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535))
    return { ok: false, reason: 'the port must be between 1 and 65535' };
  return { ok: true, uri: `${scheme}${user}@${host}${m[2] !== undefined ? `:${m[2]}` : ''}` };
}

/** Whether a carrier destination is a SIP URI rather than an E.164 number. */
export const isSipUri = (to: string): boolean => /^sips?:[^@\s]+@[^@\s]+$/.test(to);
