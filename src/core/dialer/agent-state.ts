// The agent's place in the dialing loop, and presence: an agent counts as there only while a live connection
// (the workspace's heartbeat) vouches for them, so a closed tab never leaves a "phantom" ready agent.
//
// Stored states are what the agent asked for (ready, paused, offline) or that a call is theirs (dialing); the
// call's own status — moved by provider webhooks on any instance — says whether that call is ringing, connected
// or over, so on_call and wrap_up are derived from it rather than written by every webhook.

import type { CallStatus } from '../telephony/call-status';
import { isFinal } from '../telephony/call-status';

export const agentStates = ['ready', 'dialing', 'on_call', 'wrap_up', 'paused', 'offline'] as const;
export type AgentState = (typeof agentStates)[number];

/** How often the workspace reports in. */
export const HEARTBEAT_INTERVAL_MS = 15_000;
/** Three missed heartbeats and the agent is gone. */
export const PRESENCE_TIMEOUT_MS = 45_000;

export function isLive(lastHeartbeat: Date, now: Date): boolean {
  return now.getTime() - lastHeartbeat.getTime() < PRESENCE_TIMEOUT_MS;
}

/** States in which the agent is working a call (between Dial and the disposition). */
export function inCall(state: AgentState): boolean {
  return state === 'dialing' || state === 'on_call' || state === 'wrap_up';
}

/** Agents in these states hold a paid seat (billing counts them when another agent goes Ready). */
export function holdsSeat(state: AgentState): boolean {
  return state !== 'paused' && state !== 'offline';
}

/**
 * What the agent is doing now: offline once the heartbeat is stale; during a call, dialing until the callee
 * answers, on_call while connected, wrap_up once the call ended (until the disposition is recorded).
 */
export function effectiveState(
  session: { state: AgentState; lastHeartbeat: Date },
  call: { status: CallStatus } | null,
  now: Date,
): AgentState {
  if (session.state === 'offline' || !isLive(session.lastHeartbeat, now)) return 'offline';
  if (!inCall(session.state)) return session.state;
  // Between Dial and the provider's answer there is no call row yet: still dialing.
  if (call === null) return session.state === 'dialing' ? 'dialing' : 'wrap_up';
  if (isFinal(call.status)) return 'wrap_up';
  return call.status === 'in-progress' ? 'on_call' : 'dialing';
}

/** Screen and dashboard labels. */
export const agentStateLabels: Readonly<Record<AgentState, string>> = {
  ready: 'Ready',
  dialing: 'Dialing',
  on_call: 'On call',
  wrap_up: 'Wrap-up',
  paused: 'Not ready',
  offline: 'Offline',
};
