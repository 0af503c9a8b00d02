import { z } from 'zod';
import { AppError } from '../../../core/errors';
import type { CsvEncoding } from '../../../core/imports/encoding';
import { columnMappingSchema, importedStatus, rejectionReason } from '../../../core/imports/rows';
import { normaliseRow, validateMapping, type ColumnMapping, type PhoneCountry } from '../../../core/leads';
import type { TeamScope } from '../../../core/teams/scope';
import { getTeam } from '../../../db/queries/teams';
import { getImport, knownNumbers, updateImport } from '../../../db/queries/imports';
import type { AppDeps } from '../../deps';
import { readSample, readXlsxSample } from './upload-import';

export const IMPORT_JOB = 'import-leads';

export const startImportSchema = z.object({
  mapping: columnMappingSchema,
  duplicatePolicy: z.enum(['skip', 'fill_empty']).default('skip'),
});

async function loadImport(deps: Pick<AppDeps, 'db'>, scope: TeamScope, id: string) {
  const imp = await getImport(deps.db, scope, id);
  if (!imp) throw new AppError('not_found', 'No such import');
  return imp;
}

function mappingProblems(mapping: readonly ColumnMapping[]) {
  const errors = validateMapping(mapping);
  if (errors.length === 0) return;
  const fields: Record<string, string> = {};
  for (const e of errors) fields[e.column === undefined ? 'mapping' : `mapping.${e.column}`] ??= e.message;
  throw new AppError('invalid_input', errors[0]!.message, { fields });
}

/**
 * The first rows as they will be imported under `mapping` (the proposed one when none is given):
 * each row's lead, or the reason it will be rejected.
 */
export async function previewImport(deps: AppDeps, scope: TeamScope, id: string, mapping?: ColumnMapping[]) {
  const imp = await loadImport(deps, scope, id);
  if (imp.status === 'uploading' || !imp.encoding || !imp.delimiter)
    throw new AppError('invalid_state', 'This upload has not finished; there is nothing to preview');
  if (imp.status === 'done' || imp.status === 'failed')
    throw new AppError('invalid_state', 'This import has finished; its file is no longer kept');
  const use = mapping ?? ((imp.mapping ?? []) as unknown as ColumnMapping[]);
  const team = await getTeam(deps.db, scope);
  const sample =
    imp.format === 'xlsx'
      ? await readXlsxSample(deps, imp.id, imp.sheet ?? '')
      : await readSample(deps, imp.id, imp.encoding as CsvEncoding, imp.delimiter);
  const rows = imp.hasHeader ? sample.slice(1) : sample;
  const firstRowNumber = imp.hasHeader ? 2 : 1;
  const problems = validateMapping(use);
  const previewRows = rows.map((cells, i) => {
    const rowNumber = firstRowNumber + i; // approximate when the file has blank lines near the top
    if (problems.length > 0) return { rowNumber, cells, lead: null, error: null };
    const r = normaliseRow(cells, use, {
      defaultCountry: (team?.defaultCountry ?? 'US') as PhoneCountry,
      zonesFor: (e) => deps.phoneZones.zonesFor(e),
    });
    if (!r.ok)
      return { rowNumber, cells, lead: null, error: { column: r.header || r.column, reason: rejectionReason(r) } };
    const { status, original } = importedStatus(r.lead.status);
    return {
      rowNumber,
      cells,
      lead: { ...r.lead, status, custom: original ? { ...r.lead.custom, imported_status: original } : r.lead.custom },
      error: null,
    };
  });
  // Flag before importing what the import would not add as a callable lead: DNC numbers, numbers already in the
  // campaign, and numbers repeated within the file.
  const phones = previewRows.flatMap((r) => (r.lead ? [r.lead.phone] : []));
  const known = await knownNumbers(deps.db, scope, imp.campaignId, phones);
  const seen = new Set<string>();
  const flagged = previewRows.map((r) => {
    if (!r.lead) return { ...r, flag: null };
    const phone = r.lead.phone;
    const flag = known.dnc.has(phone)
      ? 'dnc'
      : known.inCampaign.has(phone)
        ? 'in_campaign'
        : seen.has(phone)
          ? 'repeated'
          : null;
    seen.add(phone);
    return { ...r, flag };
  });
  return { headers: imp.headers, mapping: use, mappingErrors: problems, rows: flagged };
}

/** Confirms the mapping and queues the import job. */
export async function startImport(deps: AppDeps, scope: TeamScope, id: string, raw: unknown) {
  const input = startImportSchema.parse(raw);
  mappingProblems(input.mapping);
  const imp = await loadImport(deps, scope, id);
  if (imp.status !== 'uploaded')
    throw new AppError('invalid_state', `This import is ${imp.status}; only an uploaded file can be started`);
  const queued = await updateImport(
    deps.db,
    imp.id,
    {
      status: 'queued',
      mapping: input.mapping as unknown as Record<string, unknown>[],
      options: { duplicatePolicy: input.duplicatePolicy },
    },
    ['uploaded'],
  );
  if (!queued) throw new AppError('conflict', 'This import was started already');
  await deps.queue.send(IMPORT_JOB, { importId: imp.id }, { singletonKey: imp.id });
  return queued;
}

/** Puts a failed import back in the queue; it continues from its last committed row. */
export async function resumeImport(deps: AppDeps, scope: TeamScope, id: string) {
  const imp = await loadImport(deps, scope, id);
  if (imp.status !== 'failed' || !imp.mapping)
    throw new AppError('invalid_state', 'Only a failed import can be resumed');
  try {
    await deps.importFiles.head(imp.id, 1);
  } catch {
    throw new AppError(
      'invalid_state',
      'The uploaded file is no longer kept; upload it again (rows already imported will be skipped as duplicates)',
    );
  }
  const queued = await updateImport(deps.db, imp.id, { status: 'queued', error: null, finishedAt: null }, ['failed']);
  if (!queued) throw new AppError('conflict', 'This import was resumed already');
  await deps.queue.send(IMPORT_JOB, { importId: imp.id }, { singletonKey: imp.id });
  return queued;
}
