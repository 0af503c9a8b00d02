// A lead given as a JSON object (the API, the lead drip) → the cells and column mapping normaliseRow takes, so a
// lead sent as JSON is normalised by exactly the code a CSV row goes through. Keys are matched like file headers
// (first/last/full name, phone/mobile/cell, email, state, zip, tags… and their usual spellings); an unknown key, or
// a key of a nested `custom` object, becomes a custom field.

import { fieldForHeader, slugKey, type ColumnMapping } from './mapping';

const MAX_KEYS = 100;
const MAX_CELL = 2000;

function cellOf(value: unknown): string | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.slice(0, MAX_CELL);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Lists (tags, several phones) as the comma-separated cell a file would carry.
  if (Array.isArray(value) && value.every((v) => ['string', 'number'].includes(typeof v)))
    return value.join(', ').slice(0, MAX_CELL);
  return null;
}

export type JsonLeadCells = { cells: string[]; mapping: ColumnMapping[] };

/** The lead's cells and mapping; `custom` (or `customFields`) may hold an object of extra fields. */
export function jsonLeadCells(lead: Record<string, unknown>): JsonLeadCells {
  const cells: string[] = [];
  const mapping: ColumnMapping[] = [];
  const add = (header: string, value: unknown, forceCustom: boolean) => {
    if (cells.length >= MAX_KEYS) return;
    const cell = cellOf(value);
    if (cell === null) return;
    const column = cells.length;
    cells.push(cell);
    const field = forceCustom ? null : fieldForHeader(header);
    if (field) mapping.push({ column, header, field });
    else {
      const key = slugKey(header);
      if (key) mapping.push({ column, header, field: 'custom', key });
    }
  };
  for (const [key, value] of Object.entries(lead)) {
    if ((key === 'custom' || key === 'customFields' || key === 'custom_fields') && isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) add(k, v, true);
    } else add(key, value, false);
  }
  return { cells, mapping };
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
