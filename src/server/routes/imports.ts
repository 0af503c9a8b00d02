import { Hono } from 'hono';
import { rejectedRowsCsv } from '../../app/leads/imports/export-rejected-rows';
import { getTeamImport, listTeamImports, type ImportRow } from '../../app/leads/imports/read-imports';
import { previewImport, resumeImport, startImport } from '../../app/leads/imports/start-import';
import { uploadImport } from '../../app/leads/imports/upload-import';
import { AppError } from '../../core/errors';
import { importProgress } from '../../core/imports/progress';
import { columnMappingSchema } from '../../core/imports/rows';
import type { ColumnMapping } from '../../core/leads';
import type { AppEnv, ServerDeps } from '../context';
import { DROP_AUDIO_UPLOAD } from './drop-messages';
import { requireAccess } from '../middleware/require-access';
import { csvDownload } from '../csv-download';
import { errorBody } from '../errors';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

const STREAMED_UPLOAD = /^\/api\/teams\/[^/]+\/(campaigns\/[^/]+\/imports|dnc\/imports)$/;

/** Lead and DNC files (and drop recordings) stream to disk under their own limit instead of the JSON body limit. */
export const isStreamedUpload = (method: string, path: string) =>
  method === 'POST' && (STREAMED_UPLOAD.test(path) || DROP_AUDIO_UPLOAD.test(path));

export function importView(imp: ImportRow & { campaignName?: string }, now: Date) {
  return {
    id: imp.id,
    campaignId: imp.campaignId,
    campaignName: imp.campaignName ?? null,
    fileName: imp.fileName,
    fileSize: imp.fileSize,
    format: imp.format,
    sheet: imp.sheet,
    sheets: imp.sheets ?? [],
    encoding: imp.encoding,
    delimiter: imp.delimiter,
    hasHeader: imp.hasHeader,
    headers: imp.headers,
    mapping: imp.mapping,
    duplicatePolicy: (imp.options as { duplicatePolicy?: string }).duplicatePolicy ?? null,
    status: imp.status,
    rowsTotal: imp.rowsTotal,
    rowsDone: imp.rowsDone,
    counts: {
      imported: imp.imported,
      updated: imp.updated,
      duplicates: imp.duplicates,
      invalid: imp.invalid,
      dnc: imp.dnc,
      severalPhones: imp.severalPhones,
    },
    progress: importProgress({ ...imp, now }),
    error: imp.error,
    createdAt: imp.createdAt,
    startedAt: imp.startedAt,
    finishedAt: imp.finishedAt,
  };
}

function fileNameFrom(header: string | undefined): string {
  let name = 'upload.csv';
  if (header) {
    try {
      name = decodeURIComponent(header);
    } catch {
      name = header;
    }
  }
  // A display name only (never a path on disk): keep it short and printable.
  return (
    name
      .replace(/[\\/]/g, '_')
      .replace(/\p{Cc}/gu, '')
      .slice(0, 200) || 'upload.csv'
  );
}

/** Mounted at /api/teams/:teamId, behind the team-scope middleware. Importing is for admins and owners. */
export function importRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('/campaigns/:campaignId/imports', requireRole('admin'));
  app.use('/imports', requireRole('admin'));
  app.use('/imports/*', requireRole('admin'));

  // The file is the raw request body (not multipart): it streams to disk as it arrives.
  // A lapsed team keeps reading and exporting, but adds no leads until it pays again (402).
  app.post('/campaigns/:campaignId/imports', requireAccess(deps, 'import'), async (c) => {
    const scope = c.get('scope');
    const length = c.req.header('content-length');
    const result = await uploadImport(deps, scope, {
      campaignId: idParam(c, 'campaignId', 'No such campaign'),
      fileName: fileNameFrom(c.req.header('x-file-name')),
      declaredBytes: length && /^\d+$/.test(length) ? Number(length) : null,
      sheet: c.req.query('sheet') || null,
      body: c.req.raw.body,
    });
    if (!result.ok) {
      // Tell the client to stop sending the rest of a refused file.
      c.header('Connection', 'close');
      return c.json(
        errorBody('invalid_input', result.message),
        result.reason === 'too_large' ? 413 : result.reason === 'unsupported' ? 415 : 400,
      );
    }
    const preview = await previewImport(deps, scope, result.import.id);
    return c.json({ import: importView(result.import, deps.clock.now()), preview }, 201);
  });

  app.get('/imports', async (c) => {
    return c.json({ imports: await listTeamImports(deps, c.get('scope'), c.req.query('campaignId')) });
  });

  app.get('/imports/:importId', async (c) => {
    const imp = await getTeamImport(deps, c.get('scope'), idParam(c, 'importId', 'No such import'));
    return c.json(importView(imp, deps.clock.now()));
  });

  app.get('/imports/:importId/preview', async (c) => {
    let mapping: ColumnMapping[] | undefined;
    const q = c.req.query('mapping');
    if (q) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(q);
      } catch {
        throw new AppError('invalid_input', 'mapping must be JSON');
      }
      mapping = columnMappingSchema.parse(parsed);
    }
    return c.json(await previewImport(deps, c.get('scope'), idParam(c, 'importId', 'No such import'), mapping));
  });

  app.post('/imports/:importId/start', requireAccess(deps, 'import'), async (c) => {
    const imp = await startImport(deps, c.get('scope'), idParam(c, 'importId', 'No such import'), await c.req.json());
    return c.json(importView(imp, deps.clock.now()), 202);
  });

  app.post('/imports/:importId/resume', requireAccess(deps, 'import'), async (c) => {
    const imp = await resumeImport(deps, c.get('scope'), idParam(c, 'importId', 'No such import'));
    return c.json(importView(imp, deps.clock.now()), 202);
  });

  // The rejected rows as uploaded (cells made formula-safe), with a reason column, ready to fix and upload again.
  app.get('/imports/:importId/rejects.csv', async (c) => {
    const { fileName, chunks } = await rejectedRowsCsv(deps, c.get('scope'), idParam(c, 'importId', 'No such import'));
    return csvDownload(c, chunks, fileName);
  });

  return app;
}
