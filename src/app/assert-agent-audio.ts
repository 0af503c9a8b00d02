import { AppError } from '../core/errors';
import type { AppDeps } from './deps';

export const AGENT_AUDIO_MISSING =
  "Dialling through SignalWire is switched off: this version does not yet connect the agent's own audio line, so a lead who answered would hear silence — an abandoned call. Remove the SIGNALWIRE_ settings to dial on the built-in simulator (see docs/decisions/0009).";

/**
 * A lead's leg joins the agent's conference, but on SignalWire nothing puts the agent there yet (decision 0009):
 * every answered call would be abandoned (FTC two-second rule). Until that leg exists, refuse before any lead is
 * dialled rather than place calls nobody can answer. The simulator carries no audio, so it is unaffected.
 */
export function assertAgentAudio(deps: Pick<AppDeps, 'calling'>): void {
  if (deps.calling.provider === 'signalwire') throw new AppError('invalid_state', AGENT_AUDIO_MISSING);
}
