import { Readable } from 'node:stream';
import yazl from 'yazl';
import { AppError } from '../../core/errors';
import { leadFilterSchema } from '../../core/lead-table/filter';
import { toSafeCsv } from '../../core/leads';
import { expiresAt } from '../../core/retention/periods';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import {
  callsPage,
  countTeamLeads,
  createExport,
  existingExportIds,
  expiredExports,
  getExportForJob,
  retainedRecordings,
  teamDnc,
  teamMembersForExport,
  teamSettings,
  updateExport,
  userEmail,
} from '../../db/queries/team-export';
import type { AppDeps } from '../deps';
import { exportLeadsCsv } from '../leads/export-leads';

export const EXPORT_TEAM_JOB = 'export-team-data';
const CALLS_PAGE = 5000;

export async function requestTeamExport(deps: AppDeps, scope: TeamScope) {
  if (!hasRole(scope.role, 'admin')) throw new AppError('forbidden', 'Only owners and admins can export all team data');
  const row = await createExport(deps.db, scope);
  await deps.queue.send(EXPORT_TEAM_JOB, { exportId: row.id }, { singletonKey: row.id });
  return row;
}

const csv = (rows: unknown[][], header: boolean, phoneColumns: number[] = []) =>
  toSafeCsv(rows, { bom: header, phoneColumns });

async function* callsCsv(deps: AppDeps, scope: TeamScope, count: (n: number) => void): AsyncGenerator<string> {
  yield csv(
    [
      [
        'Call id',
        'Started',
        'Answered',
        'Ended',
        'Duration (s)',
        'Dialed number',
        'Caller ID',
        'Agent',
        'Campaign',
        'Lead',
        'Status',
        'Outcome',
        'Disposition',
        'Notes',
        'Callback at',
        'Calling-hours decision',
        'Ringing',
        'Ring time (s)',
        'Answered by (machine detection)',
        'Agent connected',
        'Safe-harbor message played',
        'Abandoned',
        'Direction',
      ],
    ],
    true,
  );
  let after: string | null = null;
  for (;;) {
    const page = await callsPage(deps.db, scope, after, CALLS_PAGE);
    if (page.length === 0) return;
    count(page.length);
    yield csv(
      page.map((c) => [
        c.id,
        c.queuedAt.toISOString(),
        c.answeredAt?.toISOString() ?? '',
        c.endedAt?.toISOString() ?? '',
        c.durationSec ?? '',
        c.dialedNumber,
        c.callerId,
        c.agent ?? '',
        c.campaign ?? '',
        [c.leadFirstName, c.leadLastName].filter(Boolean).join(' '),
        c.status,
        c.outcome ?? '',
        c.disposition ?? '',
        c.notes ?? '',
        c.callbackAt?.toISOString() ?? '',
        c.decision ? JSON.stringify(c.decision) : '',
        c.ringingAt?.toISOString() ?? '',
        c.ringMs === null ? '' : (c.ringMs / 1000).toFixed(1),
        c.amdResult ?? '',
        c.agentConnectedAt?.toISOString() ?? '',
        c.safeHarborAt?.toISOString() ?? '',
        // Blank: not a live answer, still in progress, or placed before the records existed.
        c.abandoned === null ? '' : c.abandoned ? 'yes' : 'no',
        c.direction,
      ]),
      false,
      [5, 6], // dialed number, caller ID
    );
    after = page[page.length - 1]!.id;
  }
}

/**
 * Writes the team's ZIP: leads (custom fields as columns), calls, campaigns, dispositions, DNC,
 * members, settings.json and the recordings still retained. Streams throughout (leads and calls
 * page by id, recordings are fetched one at a time as the archive reaches them), so memory stays
 * flat. Re-running a finished export does nothing; a failed one can be retried.
 */
export async function runTeamExport(deps: AppDeps, exportId: string) {
  const row = await getExportForJob(deps.db, exportId);
  if (!row || row.status === 'done' || row.status === 'expired') return { skipped: true };
  const scope: TeamScope = { teamId: row.teamId, userId: row.requestedBy ?? 'system', role: 'owner' };
  await updateExport(deps.db, exportId, { status: 'running', error: null });
  const counts: Record<string, number> = { calls: 0, recordings: 0 };
  const writer = await deps.exportFiles.create(exportId);
  try {
    const zip = new yazl.ZipFile();
    const written = (async () => {
      let size = 0;
      for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) {
        size += chunk.length;
        await writer.write(chunk);
      }
      return size;
    })();
    const { team, campaigns } = await teamSettings(deps.db, scope);
    const members = await teamMembersForExport(deps.db, scope);
    const dnc = await teamDnc(deps.db, scope);
    Object.assign(counts, { campaigns: campaigns.length, members: members.length, dnc: dnc.length });

    zip.addReadStream(Readable.from(exportLeadsCsv(deps, scope, leadFilterSchema.parse({}))), 'leads.csv');
    zip.addReadStream(Readable.from(callsCsv(deps, scope, (n) => (counts.calls! += n))), 'calls.csv');
    zip.addBuffer(
      Buffer.from(
        csv(
          [
            ['Campaign', 'Dial mode', 'Description', 'Archived'],
            ...campaigns.map((c) => [c.name, c.dialMode, c.description, c.archivedAt ? 'yes' : 'no']),
          ],
          true,
        ),
      ),
      'campaigns.csv',
    );
    zip.addBuffer(
      Buffer.from(
        csv(
          [
            ['Campaign', 'Key', 'Disposition', 'Kind'],
            ...campaigns.flatMap((c) =>
              (c.dispositions as Record<string, unknown>[]).map((d, i) => [
                c.name,
                String(d.key ?? i + 1),
                String(d.label ?? d.name ?? ''),
                String(d.kind ?? (d.final ? 'final' : 'retry')),
              ]),
            ),
          ],
          true,
        ),
      ),
      'dispositions.csv',
    );
    zip.addBuffer(
      Buffer.from(
        csv(
          [
            ['Phone', 'Reason', 'Source', 'Added by', 'Added at'],
            ...dnc.map((d) => [d.phone, d.reason, d.source, d.addedBy ?? '', d.addedAt.toISOString()]),
          ],
          true,
          [0],
        ),
      ),
      'dnc.csv',
    );
    zip.addBuffer(
      Buffer.from(
        csv(
          [
            ['Name', 'E-mail', 'Role', 'Joined'],
            ...members.map((m) => [m.name, m.email, m.role, m.joinedAt.toISOString()]),
          ],
          true,
        ),
      ),
      'members.csv',
    );
    zip.addBuffer(
      Buffer.from(JSON.stringify({ exportedAt: deps.clock.now().toISOString(), team, campaigns }, null, 2)),
      'settings.json',
    );
    // One recording at a time: fetch it, let the archive consume it, then the next (one provider connection,
    // flat memory). A recording the provider no longer has is listed in recordings-missing.txt, not fatal.
    const missing: string[] = [];
    for (const rec of await retainedRecordings(deps.db, scope, deps.clock.now())) {
      let media;
      try {
        media = await deps.telephony.fetchRecording({ recordingSid: rec.providerSid });
      } catch {
        missing.push(rec.callId ?? rec.providerSid);
        continue;
      }
      let done: () => void = () => {};
      const consumed = new Promise<void>((r) => (done = r));
      async function* passThrough(body: AsyncIterable<Uint8Array>) {
        try {
          yield* body;
        } finally {
          done();
        }
      }
      zip.addReadStream(
        Readable.from(passThrough(media.body as AsyncIterable<Uint8Array>)),
        `recordings/${rec.callId}.wav`,
      );
      await consumed;
      counts.recordings!++;
    }
    if (missing.length) {
      counts.recordingsMissing = missing.length;
      zip.addBuffer(
        Buffer.from(`Recordings of these calls were no longer available at the provider:\n${missing.join('\n')}\n`),
        'recordings-missing.txt',
      );
    }
    zip.end();
    const sizeBytes = await written;
    await writer.close();
    const finishedAt = deps.clock.now();
    counts.leads = await countTeamLeads(deps.db, scope);
    await updateExport(deps.db, exportId, {
      status: 'done',
      sizeBytes,
      counts,
      finishedAt,
      expiresAt: expiresAt('exportFile', finishedAt),
      fileName: `dialerseat-${team?.name ?? 'team'}-${finishedAt.toISOString().slice(0, 10)}.zip`,
    });
    const requester = row.requestedBy ? await userEmail(deps.db, row.requestedBy) : null;
    if (requester)
      await deps.mailer.send({
        to: requester,
        subject: 'Your DialerSeat data export is ready',
        text: `The export of ${team?.name ?? 'your team'} is ready. Download it from ${deps.settings.publicBaseUrl}/app/settings/export until ${expiresAt('exportFile', finishedAt).toUTCString()}; after that it is deleted.`,
      });
    return { exportId, sizeBytes, ...counts };
  } catch (err) {
    await writer.abort().catch(() => {});
    await updateExport(deps.db, exportId, {
      status: 'failed',
      error: err instanceof Error ? err.message.slice(0, 500) : 'export failed',
    });
    throw err;
  }
}

/**
 * Deletes finished exports whose 7 days are over (file and row state), and export files whose row is gone (their
 * team was deleted and the process stopped before removing the file).
 */
export async function purgeExpiredExports(deps: AppDeps) {
  let purged = 0;
  for (const e of await expiredExports(deps.db, deps.clock.now())) {
    await deps.exportFiles.remove(e.id);
    await updateExport(deps.db, e.id, { status: 'expired' });
    purged++;
  }
  const files = await deps.exportFiles.list();
  const kept = await existingExportIds(
    deps.db,
    files.map((f) => f.id),
  );
  let orphans = 0;
  for (const f of files) {
    if (kept.has(f.id)) continue;
    await deps.exportFiles.remove(f.id);
    orphans++;
  }
  return { purged, orphans };
}
