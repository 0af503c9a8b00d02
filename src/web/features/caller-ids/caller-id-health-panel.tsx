import { useCallback, useState, type FormEvent } from 'react';
import {
  callerIdHealthSettingsSchema,
  type CallerIdHealthResponse,
  type CallerIdHealthSettings,
} from '../../../core/api/caller-id-health.types';
import { api, ApiError } from '../../api';
import { Field, FormError, Notice, SubmitButton } from '../../components/form';
import { useLoad } from '../../use-load';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const when = (iso: string) => new Date(iso).toLocaleString();

type Form = Record<Exclude<keyof CallerIdHealthSettings, 'enabled'>, string> & { enabled: boolean };

const toForm = (s: CallerIdHealthSettings): Form => ({
  enabled: s.enabled,
  ratio: String(s.ratio),
  windowDays: String(s.windowDays),
  minCalls: String(s.minCalls),
  maxRestedShare: String(Math.round(s.maxRestedShare * 1000) / 10),
  minPoolMedian: String(Math.round(s.minPoolMedian * 1000) / 10),
  restDays: String(s.restDays),
});

/** Percent fields are shown as 0–100 but stored as shares; their errors speak in percent. */
const PERCENT: Partial<Record<keyof Form, string>> = {
  maxRestedShare: 'Enter a percentage above 0 and at most 100',
  minPoolMedian: 'Enter a percentage from 0 to 100',
};

/** The rule's number fields, in the order the form shows them. */
const NUMBER_FIELDS: readonly {
  key: Exclude<keyof Form, 'enabled'>;
  label: string;
  inputMode: 'decimal' | 'numeric';
}[] = [
  { key: 'ratio', label: 'Rest below this many times the median', inputMode: 'decimal' },
  { key: 'windowDays', label: 'Days of calls to judge on', inputMode: 'numeric' },
  { key: 'minCalls', label: 'Fewest calls before a number is judged', inputMode: 'numeric' },
  { key: 'maxRestedShare', label: 'Most numbers resting at once (%)', inputMode: 'decimal' },
  { key: 'minPoolMedian', label: 'No rests while the median is under (%)', inputMode: 'decimal' },
  { key: 'restDays', label: 'Days a number rests', inputMode: 'numeric' },
];

function parseForm(f: Form): { settings?: CallerIdHealthSettings; errors: Partial<Record<keyof Form, string>> } {
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  const parsed = callerIdHealthSettingsSchema.safeParse({
    enabled: f.enabled,
    ratio: num(f.ratio),
    windowDays: num(f.windowDays),
    minCalls: num(f.minCalls),
    maxRestedShare: num(f.maxRestedShare) / 100,
    minPoolMedian: num(f.minPoolMedian) / 100,
    restDays: num(f.restDays),
  });
  if (parsed.success) return { settings: parsed.data, errors: {} };
  const errors: Partial<Record<keyof Form, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof Form;
    if (errors[key]) continue;
    errors[key] = PERCENT[key] ?? (issue.code === 'invalid_type' ? 'Enter a number' : issue.message);
  }
  return { errors };
}

/**
 * Caller-ID health on the Caller IDs page: which numbers rest and why, each number's answer rate over the rule's
 * window, the log of rests and revivals, and the rule itself (admins only reach this page).
 */
export function CallerIdHealthPanel({ teamId }: { teamId: string }) {
  const url = `/api/teams/${teamId}/caller-ids/health`;
  const [data, setData] = useState<CallerIdHealthResponse | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await api<CallerIdHealthResponse>('GET', url);
      setData(r);
      setForm(toForm(r.settings));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load caller-ID health');
    }
  }, [url]);
  useLoad(load);

  const change = (key: keyof Form, value: string | boolean) => {
    if (!form) return;
    const next = { ...form, [key]: value } as Form;
    setForm(next);
    setNotice(null);
    setErrors(parseForm(next).errors);
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    const { settings, errors: found } = parseForm(form);
    setErrors(found);
    if (!settings) return;
    setBusy(true);
    setError(null);
    try {
      await api('PUT', url, settings);
      setNotice('Caller-ID health rule saved.');
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'That did not work');
    } finally {
      setBusy(false);
    }
  }

  if (!data || !form) {
    return (
      <section aria-labelledby="health-title">
        <h2 id="health-title">Caller-ID health</h2>
        <FormError message={error} />
        {!error && <p aria-live="polite">Loading caller-ID health…</p>}
      </section>
    );
  }
  const s = data.settings;
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">Caller-ID health</h2>
      <p className="muted">
        A number whose answer rate over the last {s.windowDays} days falls under {s.ratio}× the median of your numbers
        (with at least {s.minCalls} calls) rests for {s.restDays} days: calls use your other numbers meanwhile. At most{' '}
        {pct(s.maxRestedShare)} of your numbers rest at once, and none while the median is under {pct(s.minPoolMedian)}.
        A campaign whose numbers all rest keeps dialing from them. Median now: {pct(data.poolMedian)}.
      </p>
      <table className="table">
        <caption className="sr-only">Health of each caller ID over the last {s.windowDays} days</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Status</th>
            <th scope="col">Calls</th>
            <th scope="col">Answered</th>
            <th scope="col">Answer rate</th>
          </tr>
        </thead>
        <tbody>
          {data.numbers.map((n) => (
            <tr key={n.id}>
              <td>{n.e164}</td>
              <td>{n.status === 'resting' ? `Resting until ${when(n.restedUntil!)}` : 'In use'}</td>
              <td>{n.calls}</td>
              <td>{n.answered}</td>
              <td>{pct(n.answerRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Rests and revivals</h3>
      {data.events.length === 0 ? (
        <p className="muted">No number has rested yet.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Every rest and revival, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Number</th>
              <th scope="col">What</th>
              <th scope="col">Answered / calls</th>
              <th scope="col">Pool median</th>
            </tr>
          </thead>
          <tbody>
            {data.events.map((e) => (
              <tr key={e.id}>
                <td>{when(e.at)}</td>
                <td>{e.e164}</td>
                <td>{e.kind === 'rested' ? `Rested until ${when(e.restedUntil!)}` : 'Back in use'}</td>
                <td>
                  {e.answered} / {e.calls} ({pct(e.calls > 0 ? e.answered / e.calls : null)})
                </td>
                <td>{pct(e.poolMedian)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Rule</h3>
      <form onSubmit={save} noValidate aria-label="Caller-ID health rule">
        <FormError message={error} />
        {notice && <Notice>{notice}</Notice>}
        <div className="field">
          <label>
            <input type="checkbox" checked={form.enabled} onChange={(e) => change('enabled', e.target.checked)} /> Rest
            numbers automatically
          </label>
        </div>
        {NUMBER_FIELDS.map(({ key, label, inputMode }) => (
          <Field
            key={key}
            label={label}
            inputMode={inputMode}
            value={form[key]}
            error={errors[key]}
            onChange={(e) => change(key, e.target.value)}
          />
        ))}
        <SubmitButton busy={busy} disabled={Object.keys(errors).length > 0}>
          Save rule
        </SubmitButton>
      </form>
    </section>
  );
}
