import type { DialMode } from '../../../core/campaigns/campaign';

export type Campaign = {
  id: string;
  name: string;
  description: string;
  dialMode: DialMode;
  recordingEnabled: boolean;
  recordingDisclosure: string;
  script: string;
  amd: boolean;
  archivedAt: string | null;
  createdAt: string;
  /** Leads in the campaign's list and agents assigned to it, as listed (not on a single campaign's read). */
  leadCount?: number;
  agentCount?: number;
};

export type ColumnMapping = { column: number; header: string; field: string; key?: string };

export type ImportView = {
  id: string;
  campaignId: string;
  campaignName: string | null;
  fileName: string;
  fileSize: number;
  encoding: string | null;
  delimiter: string | null;
  format: 'csv' | 'xlsx';
  /** For a workbook: the sheet imported, and every sheet with rows. */
  sheet: string | null;
  sheets: { name: string; rows: number }[];
  headers: string[];
  mapping: ColumnMapping[] | null;
  status: 'uploading' | 'uploaded' | 'queued' | 'running' | 'done' | 'failed' | string;
  rowsTotal: number | null;
  rowsDone: number;
  counts: {
    imported: number;
    updated: number;
    duplicates: number;
    invalid: number;
    dnc: number;
    severalPhones: number;
  };
  progress: { percent: number; rowsPerSecond: number | null; etaSeconds: number | null };
  error: string | null;
};

export type PreviewRow = {
  rowNumber: number;
  cells: string[];
  lead: Record<string, unknown> | null;
  error: { column: string; reason: string } | null;
  /** Imported but not a new callable lead: on the DNC list, already in the campaign, or repeated in the file. */
  flag: 'dnc' | 'in_campaign' | 'repeated' | null;
};
export type Preview = {
  headers: string[];
  mapping: ColumnMapping[];
  mappingErrors: { message: string }[];
  rows: PreviewRow[];
};

export type Lead = {
  id: string;
  phone: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  state: string | null;
  status: string;
  tags: string[];
  timezones: string[];
  attempts: number;
  dnc: boolean;
  custom: Record<string, string>;
  campaignName?: string;
  createdAt: string;
};
