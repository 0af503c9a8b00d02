import type { LeadOnScreen } from '../../core/api/dialer.types';
import {
  callingWindowSchema,
  defaultRetryRules,
  dispositionsSchema,
  renderScript,
  retryRulesSchema,
  type DialMode,
  type Disposition,
  type RetryRules,
} from '../../core/campaigns/campaign';
import {
  formatLocal,
  isValidZone,
  localParts,
  normaliseStateCodeStrict,
  recordingConsentFor,
  STATE_CODES,
  stateZones,
  type CampaignWindow,
} from '../../core/compliance';
import { campaignWindowOf } from '../../core/dialer/retry';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getCampaignSettings } from '../../db/queries/campaigns';
import { type LeadRow } from '../../db/queries/leads';
import type { AppDeps } from '../deps';

// What the dialer's use-cases share: a campaign's settings parsed once, and what the agent's screen shows of a lead.

export type DialerCampaign = {
  id: string;
  name: string;
  dialMode: DialMode;
  campaignWindow: CampaignWindow | null;
  rawWindow: unknown;
  retryRules: RetryRules;
  dispositions: Disposition[];
  script: string;
  recordingEnabled: boolean;
  recordingDisclosure: string;
  amd: boolean;
};

export async function loadDialerCampaign(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  campaignId: string,
): Promise<DialerCampaign> {
  const row = await getCampaignSettings(deps.db, scope, campaignId);
  if (!row) throw new AppError('not_found', 'No such campaign');
  if (row.archivedAt !== null) throw new AppError('invalid_state', 'This campaign is archived');
  const window = callingWindowSchema.safeParse(row.callingWindow);
  const rules = retryRulesSchema.safeParse(row.retryRules);
  const dispositions = dispositionsSchema.safeParse(row.dispositions);
  return {
    id: row.id,
    name: row.name,
    dialMode: row.dialMode,
    campaignWindow: window.success ? campaignWindowOf(window.data) : null,
    rawWindow: row.callingWindow,
    retryRules: rules.success ? rules.data : defaultRetryRules,
    dispositions: dispositions.success ? dispositions.data : [],
    script: row.script,
    recordingEnabled: row.recordingEnabled,
    recordingDisclosure: row.recordingDisclosure,
    amd: row.amd,
  };
}

/**
 * Whether a recorded call with this lead needs every party's consent: the address state decides when known;
 * otherwise every state that uses one of the number's zones is a candidate, and one all-party state among
 * them is enough (docs/calling-rules.md: the stricter rule applies).
 */
export function consentRuleFor(lead: Pick<LeadRow, 'state' | 'timezones'>): 'all_party' | 'one_party' {
  const state = lead.state ? normaliseStateCodeStrict(lead.state) : null;
  if (state !== null) return recordingConsentFor([state]);
  const candidates = STATE_CODES.filter((code) => stateZones[code].some((z) => lead.timezones.includes(z)));
  return recordingConsentFor(candidates.length === 0 ? [null] : candidates);
}

/** The zone the screen shows times in: the first valid candidate zone (the number's, else the state's). */
export function displayZoneOf(lead: Pick<LeadRow, 'state' | 'timezones'>): string | null {
  const state = lead.state ? normaliseStateCodeStrict(lead.state) : null;
  const zones = [...lead.timezones, ...(state ? stateZones[state] : [])];
  return zones.find(isValidZone) ?? null;
}

export type { LeadOnScreen };

export function leadOnScreen(lead: LeadRow, campaign: DialerCampaign, agentName: string, now: Date): LeadOnScreen {
  const zone = displayZoneOf(lead);
  const values: Record<string, string | null> = {
    first_name: lead.firstName,
    last_name: lead.lastName,
    full_name: [lead.firstName, lead.lastName].filter(Boolean).join(' '),
    phone: lead.phone,
    email: lead.email,
    address: lead.address,
    city: lead.city,
    state: lead.state,
    zip: lead.zip,
    agent_name: agentName,
    campaign_name: campaign.name,
  };
  for (const [k, v] of Object.entries(lead.custom)) values[`custom.${k}`] = v;
  return {
    id: lead.id,
    firstName: lead.firstName,
    lastName: lead.lastName,
    phone: lead.phone,
    email: lead.email,
    address: lead.address,
    city: lead.city,
    state: lead.state,
    zip: lead.zip,
    custom: lead.custom,
    notes: lead.notes,
    attempts: lead.attempts,
    lastDisposition: lead.lastDisposition,
    timezones: lead.timezones,
    zone,
    localTime: zone ? formatLocal(localParts(now, zone)) : null,
    callbackAt: lead.callbackAt,
    script: renderScript(campaign.script, values),
    consent: consentRuleFor(lead),
  };
}
