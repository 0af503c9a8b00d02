// What the progress bar shows: rows done of the total, the rate over the current run (a resumed
// import does not average in the time it spent dead), and the time left at that rate.

export type ImportProgress = { percent: number; rowsPerSecond: number | null; etaSeconds: number | null };

export function importProgress(input: {
  status: string;
  rowsDone: number;
  rowsTotal: number | null;
  runStartRows: number;
  runStartedAt: Date | null;
  finishedAt: Date | null;
  now: Date;
}): ImportProgress {
  const total = input.rowsTotal ?? 0;
  const percent =
    input.status === 'done' ? 100 : total > 0 ? Math.min(100, Math.floor((input.rowsDone / total) * 1000) / 10) : 0;
  if (input.runStartedAt === null) return { percent, rowsPerSecond: null, etaSeconds: null };
  const end = input.status === 'running' ? input.now : (input.finishedAt ?? input.now);
  const seconds = (end.getTime() - input.runStartedAt.getTime()) / 1000;
  const rows = input.rowsDone - input.runStartRows;
  if (seconds <= 0 || rows <= 0) return { percent, rowsPerSecond: null, etaSeconds: null };
  const rate = rows / seconds;
  const eta =
    input.status === 'running' && total > input.rowsDone
      ? Math.ceil((total - input.rowsDone) / rate)
      : input.status === 'running'
        ? 0
        : null;
  return { percent, rowsPerSecond: Math.round(rate), etaSeconds: eta };
}
