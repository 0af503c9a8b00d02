import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, getCsrfToken } from '../../api';
import { FormError, SelectField } from '../../components/form';
import { leadFieldLabels, leadFields, slugKey } from '../../../core/leads/lead-fields';
import type { ColumnMapping, ImportView, Preview } from '../../features/leads/types';
import { useTeam } from '../../team';
import { useLoad } from '../../use-load';

const mb = (n: number) =>
  n < 1_048_576 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1_048_576).toFixed(1)} MB`;
const eta = (s: number | null) => (s === null ? '—' : s < 90 ? `${Math.ceil(s)} s` : `${Math.ceil(s / 60)} min`);

/** Step 1: pick or drop a file; it streams to the server (XHR, for upload progress) and comes back sniffed with a proposed mapping. */
// What the preview says about a row the import would not add as a new callable lead.
const FLAG_TEXT = {
  dnc: 'on your do-not-call list (kept out of the queue)',
  in_campaign: 'already in this campaign',
  repeated: 'repeated in this file',
} as const;

export function ImportUploadPage() {
  const team = useTeam();
  const { campaignId = '' } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ loaded: number; total: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // A workbook with several sheets: the user confirms the sheet (the first with rows is proposed).
  const [workbook, setWorkbook] = useState<{
    file: File;
    importId: string;
    sheet: string;
    sheets: { name: string; rows: number }[];
  } | null>(null);
  const [chosen, setChosen] = useState('');

  function upload(file: File, sheet?: string) {
    setError(null);
    setSent({ loaded: 0, total: file.size });
    const xhr = new XMLHttpRequest();
    const query = sheet ? `?sheet=${encodeURIComponent(sheet)}` : '';
    xhr.open('POST', `/api/teams/${team.id}/campaigns/${campaignId}/imports${query}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.setRequestHeader('x-csrf-token', getCsrfToken());
    xhr.upload.onprogress = (e) => setSent({ loaded: e.loaded, total: e.total || file.size });
    xhr.onload = () => {
      let body: {
        import?: { id: string; sheet: string | null; sheets: { name: string; rows: number }[] };
        error?: { message: string };
      } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* shown below */
      }
      if (xhr.status === 201 && body.import && !sheet && body.import.sheets.length > 1) {
        setSent(null);
        setWorkbook({ file, importId: body.import.id, sheet: body.import.sheet ?? '', sheets: body.import.sheets });
        setChosen(body.import.sheet ?? '');
      } else if (xhr.status === 201 && body.import) navigate(`/app/imports/${body.import.id}`);
      else {
        setSent(null);
        setError(body.error?.message ?? `Upload failed (${xhr.status})`);
      }
    };
    xhr.onerror = () => (setSent(null), setError('The upload was interrupted. Check your connection and try again.'));
    xhr.send(file);
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) upload(f);
  };

  return (
    <>
      <h1>Import leads</h1>
      <p className="muted">
        An Excel workbook (.xlsx) or a CSV from any CRM or spreadsheet: UTF-8, UTF-16 or Windows-1252; commas,
        semicolons, tabs or pipes. Phones in any format; duplicates and do-not-call numbers are caught; bad rows come
        back with reasons.
      </p>
      <FormError message={error} />
      <div
        className={`dropzone${dragging ? ' dropzone--over' : ''}`}
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {workbook && !sent ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (chosen === workbook.sheet) navigate(`/app/imports/${workbook.importId}`);
              else upload(workbook.file, chosen);
            }}
          >
            <label htmlFor="xlsx-sheet">This workbook has several sheets with rows. Which one holds the leads?</label>
            <select id="xlsx-sheet" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              {workbook.sheets.map((s) => (
                <option key={s.name} value={s.name}>
                  {/* The header row is not a lead. */}
                  {s.name} ({Math.max(0, s.rows - 1)} rows under the header)
                </option>
              ))}
            </select>
            <button className="btn btn--primary" type="submit">
              Continue with this sheet
            </button>
          </form>
        ) : sent ? (
          <div role="status" aria-live="polite">
            <p>
              Uploading… {mb(sent.loaded)} of {mb(sent.total)}
            </p>
            <progress max={sent.total} value={sent.loaded} aria-label="Upload progress" />
          </div>
        ) : (
          <>
            <p>Drop a CSV or Excel (.xlsx) file here, or</p>
            <label className="btn btn--primary" htmlFor="csv-file">
              Choose a file
            </label>
            <input
              id="csv-file"
              ref={input}
              className="sr-only"
              type="file"
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])}
            />
          </>
        )}
      </div>
      <p>
        <Link to="/app/campaigns">Back to campaigns</Link>
      </p>
    </>
  );
}

/** Step 2 and 3: check the mapping on the first rows, start, watch progress, read the report. Survives a reload. */
export function ImportPage() {
  const team = useTeam();
  const { importId = '' } = useParams();
  const [imp, setImp] = useState<ImportView | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping[] | null>(null);
  const [policy, setPolicy] = useState<'skip' | 'fill_empty'>('skip');
  const [error, setError] = useState<string | null>(null);
  const base = `/api/teams/${team.id}/imports/${importId}`;

  const load = useCallback(async () => {
    try {
      const v = await api<ImportView>('GET', base);
      setImp(v);
      return v;
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the import');
      return null;
    }
  }, [base]);

  useLoad(
    useCallback(
      () =>
        load().then(async (v) => {
          if (v && (v.status === 'uploaded' || v.status === 'uploading')) {
            const p = await api<Preview>('GET', `${base}/preview`);
            setPreview(p);
            setMapping(p.mapping);
          }
        }),
      [load, base],
    ),
  );

  const running = imp?.status === 'queued' || imp?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => void load(), 1000);
    return () => clearInterval(t);
  }, [running, load]);

  async function remap(next: ColumnMapping[]) {
    setMapping(next);
    try {
      setPreview(await api<Preview>('GET', `${base}/preview?mapping=${encodeURIComponent(JSON.stringify(next))}`));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That mapping does not work');
    }
  }

  async function start() {
    setError(null);
    try {
      setImp(await api<ImportView>('POST', `${base}/start`, { mapping, duplicatePolicy: policy }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not start the import');
    }
  }

  if (!imp) return <FormError message={error} />;
  return (
    <>
      <h1>Import “{imp.fileName}”</h1>
      <p className="muted">
        Into {imp.campaignName ?? 'the campaign'} · {mb(imp.fileSize)} · {imp.encoding} · delimiter “
        {imp.delimiter === '\t' ? 'tab' : imp.delimiter}”
      </p>
      <FormError message={error} />

      {preview && mapping && imp.status !== 'done' && !running && (
        <section aria-labelledby="mapping-title">
          <h2 id="mapping-title">Check the columns</h2>
          <div className="table-scroll">
            <table className="table table--compact">
              <caption className="sr-only">The first rows as they will be imported</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Result</th>
                  {mapping.map((m, i) => (
                    <th scope="col" key={m.column}>
                      <div className="small">{m.header || `Column ${m.column + 1}`}</div>
                      <label className="sr-only" htmlFor={`map-${m.column}`}>
                        Field for column {m.header || m.column + 1}
                      </label>
                      <select
                        id={`map-${m.column}`}
                        value={m.field}
                        onChange={(e) => {
                          const field = e.target.value;
                          const next = mapping.map((x, j) =>
                            j === i
                              ? {
                                  column: x.column,
                                  header: x.header,
                                  field,
                                  ...(field === 'custom'
                                    ? { key: x.key ?? (slugKey(x.header) || `column_${x.column + 1}`) }
                                    : {}),
                                }
                              : x,
                          );
                          void remap(next);
                        }}
                      >
                        {leadFields.map((f) => (
                          <option key={f} value={f}>
                            {leadFieldLabels[f]}
                            {f === 'custom' && m.field === 'custom' && m.key ? ` (${m.key})` : ''}
                          </option>
                        ))}
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.rowNumber} className={r.error || r.flag ? 'row--warn' : undefined}>
                    <td>{r.rowNumber}</td>
                    <td>
                      {r.error
                        ? `${r.error.column}: ${r.error.reason}`
                        : r.lead
                          ? `${r.flag ? '⚠' : '✓'} ${String(r.lead.phone ?? '')}${r.flag ? ` · ${FLAG_TEXT[r.flag]}` : ''}`
                          : ''}
                    </td>
                    {mapping.map((m) => (
                      <td key={m.column}>{r.cells[m.column] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.mappingErrors.length > 0 && (
            <FormError message={preview.mappingErrors.map((e) => e.message).join(' ')} />
          )}
          <div className="inline-form">
            <SelectField
              label="When a phone is already in the campaign"
              value={policy}
              onChange={(e) => setPolicy(e.target.value as 'skip' | 'fill_empty')}
            >
              <option value="skip">Skip the row</option>
              <option value="fill_empty">Fill the existing lead’s empty fields</option>
            </SelectField>
            <button className="btn btn--primary" onClick={start} disabled={preview.mappingErrors.length > 0}>
              Import all rows
            </button>
          </div>
        </section>
      )}

      {(running || imp.status === 'done' || imp.status === 'failed') && (
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">
            {imp.status === 'done' ? 'Import finished' : imp.status === 'failed' ? 'Import failed' : 'Importing…'}
          </h2>
          <progress max={100} value={imp.progress.percent} aria-label="Import progress" />
          <p role="status" aria-live="polite">
            {imp.rowsDone.toLocaleString()} of {imp.rowsTotal?.toLocaleString() ?? '?'} rows ·{' '}
            {imp.progress.rowsPerSecond ? `${Math.round(imp.progress.rowsPerSecond).toLocaleString()} rows/s` : '—'} ·
            ETA {imp.status === 'done' ? '0 s' : eta(imp.progress.etaSeconds)}
          </p>
          {imp.error && <FormError message={imp.error} />}
          <dl className="report">
            <div>
              <dt>Imported</dt>
              <dd>{imp.counts.imported}</dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd>{imp.counts.updated}</dd>
            </div>
            <div>
              <dt>Duplicates</dt>
              <dd>{imp.counts.duplicates}</dd>
            </div>
            <div>
              <dt>Invalid</dt>
              <dd>{imp.counts.invalid}</dd>
            </div>
            <div>
              <dt>Do not call</dt>
              <dd>{imp.counts.dnc}</dd>
            </div>
          </dl>
          {imp.counts.severalPhones > 0 && (
            <p className="hint">
              {imp.counts.severalPhones === 1 ? '1 row' : `${imp.counts.severalPhones.toLocaleString()} rows`} had
              several numbers in one phone cell: the first valid number became the lead's phone and the others were kept
              as its other phones.
            </p>
          )}
          {imp.status === 'done' && (
            <p className="actions">
              {imp.counts.invalid + imp.counts.duplicates + imp.counts.dnc > 0 && (
                <a className="btn" href={`${base}/rejects.csv`} download>
                  Download rejected rows (CSV with reasons)
                </a>
              )}
              <Link className="btn btn--primary" to={`/app/leads?campaign=${imp.campaignId}`}>
                See the leads
              </Link>
            </p>
          )}
          {imp.status === 'failed' && (
            <button
              className="btn"
              onClick={() => api<ImportView>('POST', `${base}/resume`).then(setImp, (e: Error) => setError(e.message))}
            >
              Resume
            </button>
          )}
        </section>
      )}
    </>
  );
}
