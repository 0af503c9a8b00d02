import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { campaigns, dncNumbers, importRejects, imports, leads, teams } from '../schema';

export type ImportRow = typeof imports.$inferSelect;
export type ImportStatus = ImportRow['status'];

export async function insertImport(
  db: Db,
  scope: TeamScope,
  input: { campaignId: string; fileName: string; fileSize: number },
): Promise<ImportRow> {
  const [row] = await db
    .insert(imports)
    .values({
      teamId: scope.teamId,
      campaignId: input.campaignId,
      createdBy: scope.userId,
      fileName: input.fileName,
      fileSize: input.fileSize,
    })
    .returning();
  if (!row) throw new Error('import insert returned nothing');
  return row;
}

export async function getImport(db: Db, scope: TeamScope, id: string) {
  const [row] = await db
    .select({ imp: imports, campaignName: campaigns.name })
    .from(imports)
    .innerJoin(campaigns, eq(campaigns.id, imports.campaignId))
    .where(and(eq(imports.teamId, scope.teamId), eq(imports.id, id)));
  return row ? { ...row.imp, campaignName: row.campaignName } : null;
}

/** For the job, which runs outside any request: the import with its team's default country. */
export async function getImportForJob(db: Db, id: string) {
  const [row] = await db
    .select({ imp: imports, defaultCountry: teams.defaultCountry })
    .from(imports)
    .innerJoin(teams, eq(teams.id, imports.teamId))
    .where(eq(imports.id, id));
  return row ? { ...row.imp, defaultCountry: row.defaultCountry } : null;
}

export async function listImports(db: Db, scope: TeamScope, opts: { campaignId?: string; limit: number }) {
  return db
    .select({
      id: imports.id,
      campaignId: imports.campaignId,
      campaignName: campaigns.name,
      fileName: imports.fileName,
      fileSize: imports.fileSize,
      status: imports.status,
      rowsTotal: imports.rowsTotal,
      rowsDone: imports.rowsDone,
      imported: imports.imported,
      updated: imports.updated,
      duplicates: imports.duplicates,
      invalid: imports.invalid,
      dnc: imports.dnc,
      error: imports.error,
      createdAt: imports.createdAt,
      finishedAt: imports.finishedAt,
    })
    .from(imports)
    .innerJoin(campaigns, eq(campaigns.id, imports.campaignId))
    .where(and(eq(imports.teamId, scope.teamId), opts.campaignId ? eq(imports.campaignId, opts.campaignId) : undefined))
    .orderBy(desc(imports.createdAt))
    .limit(opts.limit);
}

export async function updateImport(
  db: Db,
  id: string,
  values: Partial<typeof imports.$inferInsert>,
  onlyIn?: readonly ImportStatus[],
) {
  const [row] = await db
    .update(imports)
    .set(values)
    .where(and(eq(imports.id, id), onlyIn ? inArray(imports.status, [...onlyIn]) : undefined))
    .returning();
  return row ?? null;
}

export async function deleteImport(db: Db, id: string) {
  await db.delete(imports).where(eq(imports.id, id));
}

/** The rejected rows of an import in file order, a page at a time (the report streams them). */
export async function listRejects(
  db: Db,
  scope: TeamScope,
  importId: string,
  opts: { afterRow: number; limit: number },
) {
  return db
    .select({
      rowNumber: importRejects.rowNumber,
      column: importRejects.column,
      reason: importRejects.reason,
      raw: importRejects.raw,
    })
    .from(importRejects)
    .where(
      and(
        eq(importRejects.teamId, scope.teamId),
        eq(importRejects.importId, importId),
        sql`${importRejects.rowNumber} > ${opts.afterRow}`,
      ),
    )
    .orderBy(asc(importRejects.rowNumber))
    .limit(opts.limit);
}

/** Imports whose worker may have died: running, or queued for a while. The caller checks the advisory lock. */
export async function findStalledImports(db: Db, queuedBefore: Date) {
  return db
    .select({ id: imports.id, status: imports.status })
    .from(imports)
    .where(
      sql`${imports.status} = 'running' or (${imports.status} = 'queued' and ${imports.createdAt} < ${queuedBefore})`,
    );
}

/** Which of `ids` still name an import whose file is needed (not finished or failed long ago). */
export async function importsKeepingFiles(db: Db, ids: readonly string[], failedBefore: Date) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: imports.id })
    .from(imports)
    .where(
      and(
        inArray(imports.id, [...ids]),
        sql`${imports.status} <> 'done' and not (${imports.status} = 'failed' and coalesce(${imports.finishedAt}, ${imports.createdAt}) < ${failedBefore})`,
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Uploads nobody finished (the uploading process died) or started (left at the mapping step). */
export async function findAbandonedUploads(db: Db, opts: { uploadingBefore: Date; uploadedBefore: Date }) {
  return db
    .select({ id: imports.id, status: imports.status })
    .from(imports)
    .where(
      sql`(${imports.status} = 'uploading' and ${imports.createdAt} < ${opts.uploadingBefore})
          or (${imports.status} = 'uploaded' and ${imports.createdAt} < ${opts.uploadedBefore})`,
    );
}

/** Of the given numbers, those on the team's do-not-call list and those already leads of the campaign (import preview). */
export async function knownNumbers(
  db: Db,
  scope: TeamScope,
  campaignId: string,
  phones: string[],
): Promise<{ dnc: Set<string>; inCampaign: Set<string> }> {
  if (phones.length === 0) return { dnc: new Set(), inCampaign: new Set() };
  const dnc = await db
    .select({ phone: dncNumbers.phone })
    .from(dncNumbers)
    .where(and(eq(dncNumbers.teamId, scope.teamId), inArray(dncNumbers.phone, phones)));
  const inCampaign = await db
    .select({ phone: leads.phone })
    .from(leads)
    .where(and(eq(leads.campaignId, campaignId), eq(leads.teamId, scope.teamId), inArray(leads.phone, phones)));
  return { dnc: new Set(dnc.map((r) => r.phone)), inCampaign: new Set(inCampaign.map((r) => r.phone)) };
}
