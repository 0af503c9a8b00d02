import { createRequire } from 'node:module';
import type { RestClient } from '@signalwire/compatibility-api';

type Sdk = { RestClient: typeof RestClient };
let sdk: Sdk | null = null;
/**
 * The SDK is loaded on the first answer document, not at start-up: it is one 4.5 MB bundle with a 12 MB source map,
 * which costs over 100 MB of memory once source maps are on (tsx turns them on), and an instance that only takes
 * leads or serves pages never needs it.
 */
const laml = () => (sdk ??= createRequire(import.meta.url)('@signalwire/compatibility-api') as Sdk).RestClient.LaML;

/**
 * The answer document that puts a leg into the agent's per-session conference, built with SignalWire's own LaML
 * builder (escaping included). The agent's own line (decision 0009) stays in the conference from Ready to Stop, so
 * a lead leaving must not end it; the agent leaving does end it, so no lead is left talking to nobody. No beeps
 * (the lead would hear them) and silence, not hold music, while the agent waits alone.
 */
export function conferenceCxml({
  conferenceName,
  record,
  leg = 'lead',
  participantCallbackUrl,
}: {
  conferenceName: string;
  record?: boolean;
  leg?: 'lead' | 'agent';
  participantCallbackUrl?: string;
}): string {
  const response = new (laml().VoiceResponse)();
  const attributes: Record<string, string | boolean> =
    leg === 'agent'
      ? { beep: false, startConferenceOnEnter: true, endConferenceOnExit: true, waitUrl: '' }
      : { beep: false, endConferenceOnExit: false };
  if (record) attributes.record = 'record-from-start';
  if (participantCallbackUrl !== undefined) {
    // The browser leg's CallSid is learned from these (its dial has only a Fabric id); leave ends the leg.
    attributes.statusCallback = participantCallbackUrl;
    attributes.statusCallbackEvent = 'join leave';
    attributes.statusCallbackMethod = 'POST';
  }
  response.dial().conference(attributes, conferenceName);
  return response.toString();
}
