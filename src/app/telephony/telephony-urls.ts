/** Our webhook URLs as the provider must call them: built from PUBLIC_BASE_URL, never from a request's Host. */
export const WEBHOOK_BASE_PATH = '/webhooks/signalwire';

export function webhookUrls(publicBaseUrl: string) {
  const base = `${publicBaseUrl.replace(/\/+$/, '')}${WEBHOOK_BASE_PATH}`;
  return {
    answerUrl: `${base}/answer`,
    statusCallbackUrl: `${base}/status`,
    recordingCallbackUrl: `${base}/recording`,
    amdCallbackUrl: `${base}/amd`,
    // The agent's own phone line (decision 0009).
    lineAnswerUrl: `${base}/agent-line/answer`,
    lineStatusUrl: `${base}/agent-line/status`,
    // The browser leg (decision 0014): the cXML resource's request URL, and its conference's participant callback.
    browserAnswerUrl: `${base}/agent-browser/answer`,
    browserParticipantUrl: `${base}/agent-browser/participant`,
    // Calls into the team's numbers (decision 0026): the numbers' voice URL, and the menu's key press. Their
    // status callback is the ordinary one (a number's callback names the call by its sid).
    inboundVoiceUrl: `${base}/inbound`,
    inboundKeyUrl: `${base}/inbound/key`,
    // Voicemail drop (decision 0029): the document a machine's call is redirected to, and its recording's URL
    // (followed by the one-off token the document hands out).
    voicemailDropUrl: `${base}/voicemail-drop`,
    voicemailDropAudioUrl: (dropId: string) => `${base}/voicemail-drop/${dropId}/audio`,
  };
}

/** The per-agent-session conference a lead's leg joins; the agent's own line sits in the same one. */
export function conferenceName(agentSessionId: string | null, callId: string): string {
  return `agent-${agentSessionId ?? callId}`;
}

/** What the provider is told about calls into our numbers (`Telephony.routeInboundCalls`). */
export function inboundRoute(publicBaseUrl: string) {
  const urls = webhookUrls(publicBaseUrl);
  return { voiceUrl: urls.inboundVoiceUrl, statusCallbackUrl: urls.statusCallbackUrl };
}
