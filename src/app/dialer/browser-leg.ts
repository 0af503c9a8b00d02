import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { callIdFromUrl } from '../../core/telephony/callbacks';
import { applyLineStatus, bindBrowserLeg, findLineSession, setOwnLine } from '../../db/queries/agent-line';
import type { AudioLegState, BrowserLegGrant } from '../../ports/agent-audio';
import type { Telephony } from '../../ports/telephony';
import type { AppDeps } from '../deps';
import { callIdOrUndefined, type CallbackResult } from '../telephony/handle-status-callback';
import { mintAgentToken } from '../telephony/mint-agent-token';
import { conferenceName, webhookUrls } from '../telephony/telephony-urls';
import { hangUpQuietly } from './agent-line';

// The agent's browser leg on SignalWire (decision 0014). Ready mints a subscriber token for the agent's session and
// a one-time address: our cXML resource's address with the leg's line id as nonce. The browser dials it; SignalWire
// fetches our handler (signed), which answers the agent's conference for that nonce; the conference's participant
// callbacks bind the leg's CallSid (join) and end the leg (leave), after which it behaves like the phone line.

/** The cXML webhook resource's name at SignalWire (its address is `/public/<name>`). */
export const AGENT_RESOURCE_NAME = 'dialerseat-agent';

const resources = new WeakMap<Telephony, Promise<string>>();

/** The resource's address: created or found once per process (start-up warms it); a failure is retried next time. */
export function agentResourceAddress(deps: Pick<AppDeps, 'telephony' | 'settings'>): Promise<string> {
  let found = resources.get(deps.telephony);
  if (!found) {
    found = deps.telephony
      .ensureAgentResource({
        name: AGENT_RESOURCE_NAME,
        requestUrl: webhookUrls(deps.settings.publicBaseUrl).browserAnswerUrl,
      })
      .then((r) => r.address);
    found.catch(() => resources.delete(deps.telephony));
    resources.set(deps.telephony, found);
  }
  return found;
}

type BrowserDeps = Pick<AppDeps, 'db' | 'telephony' | 'settings' | 'log'>;

/**
 * Ready with the browser: a connected leg is kept; otherwise a fresh nonce and token (any other leg ends). With
 * `replace` (the page reloaded, or the browser lost its leg and dials again) a connected leg is replaced too: the
 * old leg is hung up, and its leave callback names the old nonce, which no longer matches, so the agent stays put.
 */
export async function connectBrowserLeg(
  deps: BrowserDeps,
  scope: TeamScope,
  session: Pick<AudioLegState, 'id' | 'audioKind' | 'lineSid' | 'lineStatus'>,
  options: { replace?: boolean } = {},
): Promise<BrowserLegGrant | null> {
  const live = session.lineSid !== null && (session.lineStatus === 'ringing' || session.lineStatus === 'connected');
  if (!options.replace && live && session.audioKind === 'browser' && session.lineStatus === 'connected') return null;
  let address: string;
  try {
    address = await agentResourceAddress(deps);
  } catch (err) {
    const why = err instanceof AppError ? err.message : 'the carrier did not answer';
    throw new AppError('provider_unavailable', `Could not prepare your browser audio: ${why}`);
  }
  const lineId = randomUUID();
  // The new nonce first: the old leg's leave callback then finds no session and changes nothing.
  await setOwnLine(deps.db, scope, { audioKind: 'browser', lineId, lineSid: null, lineStatus: 'ringing' });
  if (live) await hangUpQuietly(deps, session.lineSid!);
  try {
    const { token, expiresAt } = await mintAgentToken(deps, scope, { agentSessionId: session.id });
    return { token, expiresAt, dialAddress: `${address}?t=${lineId}` };
  } catch (err) {
    await setOwnLine(deps.db, scope, { lineStatus: 'dropped' });
    const why = err instanceof AppError ? err.message : 'the carrier did not answer';
    throw new AppError('provider_unavailable', `Could not prepare your browser audio: ${why}`);
  }
}

/** The nonce of a browser dial: on our request URL (`?t=`), or in the dialled address SignalWire passes as `To`. */
function nonceOf(input: { url: string; params: Record<string, string> }): string | undefined {
  const fromUrl = new URL(input.url).searchParams.get('t');
  if (fromUrl) return callIdOrUndefined(fromUrl);
  const to = input.params.To ?? '';
  const q = to.indexOf('?');
  return q < 0 ? undefined : callIdOrUndefined(new URLSearchParams(to.slice(q + 1)).get('t') ?? undefined);
}

/**
 * The resource's cXML: the agent's conference for a nonce still waiting for its leg. The first fetch binds the
 * nonce to its CallSid; the same dial fetching again gets the same answer; another dial with that nonce (replayed),
 * an unknown or ended one (forged, stale) gets null, a hang-up.
 */
export async function browserLegCxml(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'settings'>,
  input: { url: string; params: Record<string, string> },
): Promise<string | null> {
  const lineId = nonceOf(input);
  const sid = input.params.CallSid;
  if (!lineId || !sid) return null;
  const session = await findLineSession(deps.db, { lineId, lineSid: sid });
  if (!session || session.audioKind !== 'browser' || session.lineStatus === 'dropped') return null;
  return deps.telephony.conferenceCxml({
    conferenceName: conferenceName(session.id, session.id),
    leg: 'agent',
    participantCallbackUrl: `${webhookUrls(deps.settings.publicBaseUrl).browserParticipantUrl}?callId=${lineId}`,
  });
}

/** The conference's participant callback (signed): the leg joining binds its CallSid; leaving ends it. */
export async function handleBrowserParticipant(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'log'>,
  input: { url: string; params: Record<string, string> },
): Promise<CallbackResult> {
  const lineId = callIdOrUndefined(callIdFromUrl(input.url));
  const sid = input.params.CallSid;
  const event = input.params.StatusCallbackEvent;
  if (!lineId || !sid) return { status: 'unknown_call' };
  // Leads join and leave the same conference: their sids match no browser leg and are ignored.
  if (event === 'participant-join') {
    const session = await bindBrowserLeg(deps.db, { lineId, lineSid: sid });
    if (!session) return { status: 'unknown_call' };
    const { changed } = await applyLineStatus(deps.db, { lineId, status: 'connected', now: deps.clock.now() });
    return { status: changed ? 'applied' : 'unchanged' };
  }
  if (event === 'participant-leave') {
    const session = await findLineSession(deps.db, { lineId, lineSid: sid });
    if (!session || session.audioKind !== 'browser') return { status: 'unknown_call' };
    const { changed, liveCallSid } = await applyLineStatus(deps.db, {
      lineId,
      status: 'dropped',
      now: deps.clock.now(),
    });
    // The agent left: a lead still ringing would answer into silence.
    if (liveCallSid !== null) await hangUpQuietly(deps, liveCallSid);
    return { status: changed ? 'applied' : 'unchanged' };
  }
  return { status: 'unchanged' };
}
