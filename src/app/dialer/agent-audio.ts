import { audioKindLabels, audioKinds, parseSipAddress, type AudioKind } from '../../core/dialer/agent-audio';
import { AppError } from '../../core/errors';
import type { AgentAudio, AudioChoice, AudioLegState, BrowserLegGrant } from '../../ports/agent-audio';
import type { AppDeps } from '../deps';
import { endAgentLine, ensureAgentLine, lineRequired, linePhoneFrom } from './agent-line';
import { connectBrowserLeg } from './browser-leg';

// The agent-audio port's implementations, picked by the agent's choice (decision 0014). Phone and SIP address are
// both a call we place whose answer joins the conference; they differ only in where it goes. The browser leg is
// dialled by the browser into our cXML resource (browser-leg.ts). On the simulator there is no audio, so no leg is
// placed whatever the choice.

type AudioDeps = Pick<AppDeps, 'db' | 'telephony' | 'calling' | 'settings' | 'clock' | 'log'>;

/**
 * The kinds the Start card offers: all of them now that the browser dials its leg through the SignalWire adapter
 * (decision 0024). The page still leaves the browser out where it has no WebRTC.
 */
export function offeredAudioKinds(deps: Pick<AppDeps, 'calling'>): AudioKind[] {
  void deps;
  return [...audioKinds];
}

/** The kinds Go Ready accepts: all of them (the browser leg through the API, see offeredAudioKinds). */
export function availableAudioKinds(deps: Pick<AppDeps, 'calling'>): AudioKind[] {
  void deps;
  return [...audioKinds];
}

function assertAvailable(deps: Pick<AppDeps, 'calling'>, kind: AudioKind): void {
  if (!availableAudioKinds(deps).includes(kind))
    throw new AppError('invalid_input', `${audioKindLabels[kind]} is not available here: choose another way to talk`, {
      fields: { audioKind: 'Not available here: choose another way to talk' },
    });
}

function placedLine(deps: AudioDeps, kind: 'phone' | 'sip'): AgentAudio {
  return {
    kind,
    async connect(scope, session, choice) {
      if (choice.kind !== kind) throw new Error(`agent audio: a ${choice.kind} choice given to the ${kind} leg`);
      await ensureAgentLine(deps, scope, session, choice);
      return null;
    },
    end: (scope, session) => endAgentLine(deps, scope, session),
  };
}

/** No audio to carry (the simulator): nothing to place, nothing to end. */
const silent = (kind: AudioKind): AgentAudio => ({ kind, connect: async () => null, end: async () => {} });

function browserLeg(deps: AudioDeps): AgentAudio {
  return {
    kind: 'browser',
    connect: (scope, session) => connectBrowserLeg(deps, scope, session),
    // Ending it is hanging up its call, as for the phone line: the browser hears its call end.
    end: (scope, session) => endAgentLine(deps, scope, session),
  };
}

export function agentAudioFor(deps: AudioDeps, kind: AudioKind): AgentAudio {
  assertAvailable(deps, kind);
  if (!lineRequired(deps)) return silent(kind);
  return kind === 'browser' ? browserLeg(deps) : placedLine(deps, kind);
}

/**
 * The agent's choice on Ready, checked, with what they gave last time filling any gap: a clear error naming the
 * field when the phone or SIP address is missing or unusable. Null on the simulator, where no leg is needed.
 */
export function audioChoiceFrom(
  deps: Pick<AppDeps, 'calling'>,
  input: { audioKind?: AudioKind | null; linePhone?: string | null; sipAddress?: string | null },
  remembered: Pick<AudioLegState, 'audioKind' | 'linePhone' | 'lineSip'> | null,
): AudioChoice | null {
  if (!lineRequired(deps)) return null;
  const kind = input.audioKind ?? remembered?.audioKind ?? 'phone';
  assertAvailable(deps, kind);
  if (kind === 'phone') return { kind, phone: linePhoneFrom(input.linePhone ?? remembered?.linePhone) };
  if (kind === 'sip') {
    const raw = input.sipAddress ?? remembered?.lineSip;
    if (!raw?.trim())
      throw new AppError('invalid_input', 'Enter the SIP address we should call for your calls', {
        fields: { sipAddress: 'Enter the SIP address to call, like alice@pbx.example.com' },
      });
    const sip = parseSipAddress(raw);
    if (!sip.ok)
      throw new AppError('invalid_input', 'That is not a SIP address we can call', {
        fields: { sipAddress: `Not a SIP address we can call: ${sip.reason}` },
      });
    return { kind, uri: sip.uri };
  }
  return { kind };
}

/** Ready: the chosen leg comes up (or stays up), through whichever implementation the choice names. */
export async function connectAgentAudio(
  deps: AudioDeps,
  scope: Parameters<AgentAudio['connect']>[0],
  session: AudioLegState,
  choice: AudioChoice,
): Promise<BrowserLegGrant | null> {
  return agentAudioFor(deps, choice.kind).connect(scope, session, choice);
}

/** Stop: whatever leg the session has ends. */
export async function endAgentAudio(
  deps: AudioDeps,
  scope: Parameters<AgentAudio['end']>[0],
  session: AudioLegState,
): Promise<void> {
  if (!lineRequired(deps)) return;
  // Every leg so far is a provider call with a sid; end it whatever kind it was placed for.
  await endAgentLine(deps, scope, session);
}
