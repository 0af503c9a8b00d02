import type { CallbackRouting } from '../campaigns/campaign';

/** A campaign's predictive pacing settings, as the campaign API returns and takes them (decision 0015). */
export type CampaignPacingSettings = {
  /** Lines the pacer may have ringing per working agent, 1–5. */
  maxLinesPerAgent: number;
  /** The abandon rate the pacer aims at, in basis points (250 = 2.5 %), at most 300. */
  targetAbandonBp: number;
  /** Named in the safe-harbor message a person hears when no agent is free. */
  safeHarborSeller: string;
  /** The number that message gives to call back, E.164 once saved. */
  safeHarborCallbackNumber: string;
  /** The message's wording with {{seller}} and {{callback_number}}; empty for our default wording. */
  safeHarborTemplate: string;
  /** Who takes a call back into the team's numbers: see `callbackRoutings` in core/campaigns/campaign.ts. */
  callbackRouting: CallbackRouting;
};
