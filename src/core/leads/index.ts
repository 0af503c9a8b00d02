// The lead import's pure core: sniff an upload, map its columns, normalise each row.
export { normalisePhone, phoneSearchKey } from './phone';
export type { PhoneCountry, PhoneRejectReason, PhoneResult } from './phone';
export { isValidEmail, normaliseEmail } from './email';
export type { EmailResult } from './email';
export { isStateCode, narrowZones, normaliseStateLenient, normaliseZip, stateFromZip, stateZones } from './zones';
export type { StateCode } from './zones';
export { sniffCsv } from './csv-sniff';
export type { CsvDelimiter, CsvEncoding, SniffRejectReason, SniffResult } from './csv-sniff';
export { fieldForHeader, leadFields, proposeMapping, slugKey, validateMapping } from './mapping';
export type { ColumnMapping, LeadField, MappingError, MappingErrorCode } from './mapping';
export { dedupeKey, normaliseRow, splitFullName } from './normalise-row';
export type { NormalisedLead, NormaliseRowOptions, RowRejection, RowResult } from './normalise-row';
export { neutraliseCell, neutralisePhoneCell, toSafeCsv } from './csv-safe';
