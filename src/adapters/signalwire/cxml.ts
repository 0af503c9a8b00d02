import { RestClient } from '@signalwire/compatibility-api';

/**
 * The answer document for a lead's leg: join the agent's per-session conference and end it when the lead leaves,
 * so the agent's leg moves on to the next lead. Built with SignalWire's own LaML builder (escaping included).
 */
export function conferenceCxml({ conferenceName, record }: { conferenceName: string; record?: boolean }): string {
  const response = new RestClient.LaML.VoiceResponse();
  const attributes: Record<string, string | boolean> = { endConferenceOnExit: true };
  if (record) attributes.record = 'record-from-start';
  response.dial().conference(attributes, conferenceName);
  return response.toString();
}
