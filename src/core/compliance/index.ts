// Public API of the compliance core: calling windows, zone filter, abandon rate, and the rule data.

export type { CampaignWindow, DialDecision, DialInput, Reason, ZoneCheck } from './gate';
export { PLACEMENT_ALLOWANCE_MS, REASONS, checkDial, describeReason, dialSafetyMarginMs } from './gate';
export { callableZonesNow, callableZonesSnapshot, nextZoneOpening } from './callable-zones';
export type { AbandonCounts, AbandonRate } from './abandon-rate';
export {
  SAFE_HARBOR,
  abandonPeriod,
  abandonRate,
  abandonRateWindow,
  answersUntilHeadroom,
  governorRollingWindow,
  worstCaseHeadroom,
} from './abandon-rate';
export type { LocalDate, LocalParts, Weekday } from './local-time';
export { formatLocal, formatLocalSeconds, isValidZone, localParts, zonedTimeToInstant } from './local-time';
export type {
  CallingRule,
  Confidence,
  Holiday,
  HolidayRule,
  MinuteWindow,
  StateCode,
  StateHolidays,
} from './state-rules';
export {
  ALL_PARTY_CONSENT_SOURCE,
  ALL_PARTY_CONSENT_STATES,
  CALLING_RULES,
  FEDERAL_HOLIDAYS,
  FEDERAL_RULE,
  STATE_CODES,
  STATE_HOLIDAYS,
  US_ZONES,
  holidaysFor,
  isStateCode,
  normaliseStateCodeStrict,
  recordingConsentFor,
  stateRule,
  stateZones,
} from './state-rules';
