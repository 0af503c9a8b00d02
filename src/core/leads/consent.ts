// Consent evidence that arrives with a lead (lead forms send when and where the person agreed, and a proof URL such
// as a TrustedForm certificate or a Jornaya LeadiD): taken out of the lead's fields into a consent record.

import { dateInRange } from '../input';
import { words } from './lead-fields';

export type ConsentInput = { consentedAt: Date | null; source: string | null; proofUrl: string | null };

const DATE_KEYS = new Set([
  'consentdate',
  'consentedat',
  'consenttimestamp',
  'consentat',
  'optindate',
  'optinat',
  'optintimestamp',
  'tcpaconsentdate',
]);
const SOURCE_KEYS = new Set(['consentsource', 'optinsource', 'consenturlsource', 'tcpasource', 'consentpage']);
const PROOF_KEYS = new Set([
  'consentproof',
  'consentproofurl',
  'consenturl',
  'proofurl',
  'trustedform',
  'trustedformcert',
  'trustedformcerturl',
  'trustedformcertificate',
  'xxtrustedformcerturl',
  'jornaya',
  'jornayaleadid',
  'leadid',
  'leadidtoken',
  'universalleadid',
]);

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim().slice(0, 2000) : '');

/** The lead without its consent fields, and the consent record they make (null when there were none). */
export function takeConsent(lead: Record<string, unknown>): {
  lead: Record<string, unknown>;
  consent: ConsentInput | null;
} {
  const rest: Record<string, unknown> = {};
  const consent: ConsentInput = { consentedAt: null, source: null, proofUrl: null };
  let found = false;
  for (const [key, value] of Object.entries(lead)) {
    const k = words(key).join('');
    if (DATE_KEYS.has(k)) {
      const t = text(value);
      consent.consentedAt = t ? (dateInRange(t) ?? null) : null;
      found ||= t !== '';
    } else if (SOURCE_KEYS.has(k)) {
      consent.source = text(value) || null;
      found ||= consent.source !== null;
    } else if (PROOF_KEYS.has(k)) {
      consent.proofUrl = text(value) || null;
      found ||= consent.proofUrl !== null;
    } else rest[key] = value;
  }
  return { lead: rest, consent: found ? consent : null };
}
