/**
 * Where a phone number probably rings: the IANA time zones its prefix is assigned to. A guess
 * (numbers are portable) that the importer narrows with the lead's address (core/leads/zones.ts).
 *
 * Synchronous on purpose: the importer calls it once per row inside normaliseRow, so adapters load
 * their data when they are created (an async factory) and answer from memory afterwards.
 */
export interface PhoneZones {
  /** Candidate zones for an E.164 number ("+14155552671"); [] when the number or its prefix is unknown. */
  zonesFor(e164: string): readonly string[];
}
