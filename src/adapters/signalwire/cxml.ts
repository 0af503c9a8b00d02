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

/**
 * The safe-harbor document (decision 0025): the provider's text-to-speech reads the message (seller and call-back
 * number) to a callee no agent was free for, then hangs up. Served from the answer URL, so the callee hears it as
 * soon as they pick up. Escaped by the same builder.
 */
export function safeHarborCxml({ message }: { message: string }): string {
  const response = new (laml().VoiceResponse)();
  response.say({}, message);
  response.hangup();
  return response.toString();
}

/**
 * An inbound caller nobody can take (decision 0026): the prompt plays inside a one-key gather posting to
 * `actionUrl`; with no key pressed, `noKey` plays and the call ends. Without `actionUrl` the prompt just plays.
 */
export function inboundMenuCxml({
  prompt,
  actionUrl,
  noKey,
}: {
  prompt: string;
  actionUrl: string | null;
  noKey: string;
}): string {
  const response = new (laml().VoiceResponse)();
  if (actionUrl !== null) {
    response.gather({ numDigits: 1, timeout: 8, action: actionUrl, method: 'POST' }).say(prompt);
    response.say(noKey);
  } else response.say(prompt);
  response.hangup();
  return response.toString();
}

/** A message, then the end of the call. */
export function sayAndHangUpCxml(text: string): string {
  const response = new (laml().VoiceResponse)();
  response.say(text);
  response.hangup();
  return response.toString();
}

/**
 * The voicemail drop (decision 0029), served once the machine's greeting has ended: our recording (fetched by the
 * provider from a one-off URL of ours) or the text read aloud, then the call ends.
 */
export function voicemailDropCxml(input: { audioUrl: string } | { text: string }): string {
  const response = new (laml().VoiceResponse)();
  if ('audioUrl' in input) response.play({}, input.audioUrl);
  else response.say({}, input.text);
  response.hangup();
  return response.toString();
}
