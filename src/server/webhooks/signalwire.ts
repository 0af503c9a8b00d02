import { parse } from 'node:querystring';
import { Hono, type Context } from 'hono';
import { agentLineCxml, handleAgentLineStatus } from '../../app/dialer/agent-line';
import { browserLegCxml, handleBrowserParticipant } from '../../app/dialer/browser-leg';
import { answerInboundCall } from '../../app/telephony/answer-inbound-call';
import { answerLeadCall } from '../../app/telephony/answer-lead-call';
import { handleInboundKey } from '../../app/telephony/handle-inbound-key';
import { handleAmdCallback } from '../../app/telephony/handle-amd-callback';
import { handleRecordingCallback } from '../../app/telephony/handle-recording-callback';
import { readVoicemailDropAudio, voicemailDropDocument } from '../../app/telephony/voicemail-drop';
import {
  callIdOrUndefined,
  handleStatusCallback,
  type CallbackResult,
} from '../../app/telephony/handle-status-callback';
import { AppError } from '../../core/errors';
import { callIdFromUrl } from '../../core/telephony/callbacks';
import { SIGNATURE_HEADER, SIGNATURE_HEADER_ALIAS } from '../../ports/telephony';
import type { AppEnv, ServerDeps } from '../context';
import { readSmallBody } from '../raw-body';

type Verified = { params: Record<string, string>; url: string };

const MAX_CALLBACK_BYTES = 64 * 1024;
const HANG_UP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

/**
 * Provider webhooks, mounted at /webhooks/signalwire outside /api (no session, no CSRF: the signature is the
 * authentication). The body is read as text and parsed with node:querystring (Hono's parseBody measured 0.36× of
 * that), the signed URL is rebuilt from PUBLIC_BASE_URL + path + query — never from the Host header — and anything
 * that fails verification is refused with 403 before a single row is read. The simulator posts here too.
 */
export function signalWireWebhookRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  const publicBase = deps.settings.publicBaseUrl.replace(/\/+$/, '');

  async function verify(c: Context<AppEnv>): Promise<Verified | 'too_large' | null> {
    const raw = await readSmallBody(c, MAX_CALLBACK_BYTES);
    if (raw === null) return 'too_large';
    const parsed = parse(raw);
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed)) {
      // A repeated field cannot come from the provider's flat forms; keep the first, the signature decides.
      params[name] = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
    }
    const rawUrl = c.req.url;
    const pathStart = rawUrl.indexOf('/', rawUrl.indexOf('//') + 2);
    const url = publicBase + (pathStart < 0 ? '/' : rawUrl.slice(pathStart));
    const signature = c.req.header(SIGNATURE_HEADER) ?? c.req.header(SIGNATURE_HEADER_ALIAS);
    if (!deps.telephony.verifyWebhook({ url, params, signature })) {
      deps.log.warn(
        { path: c.req.path, ip: c.get('clientIp'), signed: signature !== undefined },
        'provider webhook refused: bad signature',
      );
      return null;
    }
    return { params, url };
  }

  const refuse = (c: Context<AppEnv>, why: 'too_large' | null) =>
    why === 'too_large' ? c.text('Callback body too large', 413) : c.text('Invalid signature', 403);

  const callback =
    (handler: (deps: ServerDeps, input: Verified) => Promise<CallbackResult>) => async (c: Context<AppEnv>) => {
      const verified = await verify(c);
      if (verified === null || verified === 'too_large') return refuse(c, verified);
      try {
        const result = await handler(deps, verified);
        if (result.status === 'unknown_call')
          deps.log.warn({ path: c.req.path }, 'provider webhook for a call we do not know; acknowledged');
        return c.body(null, 204);
      } catch (err) {
        // A signed but malformed callback will not get better on retry: say so once, change nothing.
        if (err instanceof AppError && err.code === 'invalid_input') return c.text(err.message, 400);
        throw err;
      }
    };

  app.post('/status', callback(handleStatusCallback));
  app.post('/recording', callback(handleRecordingCallback));
  app.post('/amd', callback(handleAmdCallback));
  app.post('/agent-line/status', callback(handleAgentLineStatus));
  app.post('/agent-browser/participant', callback(handleBrowserParticipant));

  // Fetched when the lead answers: bridge them into their agent's per-session conference.
  app.post('/answer', async (c) => {
    const verified = await verify(c);
    if (verified === null || verified === 'too_large') return refuse(c, verified);
    const cxml = await answerLeadCall(deps, {
      callId: callIdOrUndefined(callIdFromUrl(verified.url)),
      callSid: verified.params.CallSid ?? '',
    });
    if (cxml === null) {
      deps.log.warn({ path: c.req.path }, 'answer URL fetched for a call we do not know; hanging up');
      return c.body(HANG_UP, 200, { 'content-type': 'text/xml; charset=utf-8' });
    }
    return c.body(cxml, 200, { 'content-type': 'text/xml; charset=utf-8' });
  });

  // The voice URL of our numbers: someone called in (decision 0026). An agent takes it, or the one-key menu plays.
  app.post('/inbound', async (c) => {
    const verified = await verify(c);
    if (verified === null || verified === 'too_large') return refuse(c, verified);
    const answer = await answerInboundCall(deps, verified);
    if (answer.outcome === 'unknown_number')
      deps.log.warn({ path: c.req.path }, 'inbound call to a number no team can answer for; refused');
    return c.body(answer.cxml, 200, { 'content-type': 'text/xml; charset=utf-8' });
  });
  // The inbound menu's key press: the opt-out key puts the caller on the team's DNC list.
  app.post('/inbound/key', async (c) => {
    const verified = await verify(c);
    if (verified === null || verified === 'too_large') return refuse(c, verified);
    const cxml = await handleInboundKey(deps, verified);
    if (cxml === null) {
      deps.log.warn({ path: c.req.path }, 'inbound key press for a call we do not know; hanging up');
      return c.body(HANG_UP, 200, { 'content-type': 'text/xml; charset=utf-8' });
    }
    return c.body(cxml, 200, { 'content-type': 'text/xml; charset=utf-8' });
  });

  // Fetched after a call that reached a machine was redirected to its voicemail drop (decision 0029).
  app.post('/voicemail-drop', async (c) => {
    const verified = await verify(c);
    if (verified === null || verified === 'too_large') return refuse(c, verified);
    const cxml = await voicemailDropDocument(deps, {
      callId: callIdOrUndefined(callIdFromUrl(verified.url)),
      callSid: verified.params.CallSid ?? '',
    });
    if (cxml === null) {
      deps.log.warn({ path: c.req.path }, 'voicemail drop fetched for a call with no drop; hanging up');
      return c.body(HANG_UP, 200, { 'content-type': 'text/xml; charset=utf-8' });
    }
    return c.body(cxml, 200, { 'content-type': 'text/xml; charset=utf-8' });
  });
  // The drop's recording, fetched by the provider from the URL the drop document gave it: the one-off token in the
  // query is the only key (a carrier's media fetch is not signed). At most 5 MB, so it is sent whole.
  app.get('/voicemail-drop/:dropId/audio', async (c) => {
    const audio = await readVoicemailDropAudio(deps, { dropId: c.req.param('dropId'), token: c.req.query('token') });
    if (audio === null) return c.text('Not found', 404);
    const chunks: Uint8Array[] = [];
    for await (const chunk of audio.body) chunks.push(chunk);
    return c.body(Buffer.concat(chunks), 200, { 'content-type': audio.contentType, 'cache-control': 'no-store' });
  });

  // Fetched when the agent answers their own phone line: into their conference (decision 0009).
  app.post('/agent-line/answer', async (c) => {
    const verified = await verify(c);
    if (verified === null || verified === 'too_large') return refuse(c, verified);
    const cxml = await agentLineCxml(deps, verified);
    if (cxml === null) {
      deps.log.warn({ path: c.req.path }, 'agent line answered that we do not know; hanging up');
      return c.body(HANG_UP, 200, { 'content-type': 'text/xml; charset=utf-8' });
    }
    return c.body(cxml, 200, { 'content-type': 'text/xml; charset=utf-8' });
  });
  // Fetched when an agent's browser dials our cXML resource with its one-time nonce (decision 0014).
  app.post('/agent-browser/answer', async (c) => {
    const verified = await verify(c);
    if (verified === null || verified === 'too_large') return refuse(c, verified);
    const cxml = await browserLegCxml(deps, verified);
    if (cxml === null) {
      deps.log.warn({ path: c.req.path }, 'browser leg with an unknown, replayed or ended nonce; hanging up');
      return c.body(HANG_UP, 200, { 'content-type': 'text/xml; charset=utf-8' });
    }
    return c.body(cxml, 200, { 'content-type': 'text/xml; charset=utf-8' });
  });
  return app;
}
