import type { FormEvent, RefObject } from 'react';
import { formatDuration, type Disposition } from './types';
import type { WrapUp } from './use-wrap-up';

/** The wall time now in `zone`, as a datetime-local value: the earliest a callback may be set for. */
function localInput(zone: string | null, from: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone ?? undefined,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(from);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** After the call: the disposition (keys 1–9), notes, a callback in the lead's time, consent, and Not ready after. */
export function WrapUpForm(props: {
  form: WrapUp;
  onChange: (patch: Partial<Omit<WrapUp, 'callId'>>) => void;
  onSubmit: () => void;
  dispositions: Disposition[];
  zone: string | null;
  needsConsent: boolean;
  fields: Record<string, string>;
  busy: boolean;
  /** When the wrap-up began (the call's end), and the server's now. */
  from: number;
  now: number;
  notesRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const { form, onChange, onSubmit, dispositions, zone, needsConsent, fields, busy, from, now, notesRef } = props;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="card dialer__wrap" onSubmit={submit} aria-labelledby="wrap-heading">
      <h2 id="wrap-heading">
        Wrap-up <span className="muted small">{formatDuration((now - from) / 1000)}</span>
      </h2>
      <fieldset className="dispositions">
        <legend>Disposition</legend>
        {dispositions.slice(0, 9).map((d, i) => (
          <label key={d.key} className={`disposition${form.disposition === d.key ? ' disposition--selected' : ''}`}>
            <input
              type="radio"
              name="disposition"
              value={d.key}
              checked={form.disposition === d.key}
              onChange={() => onChange({ disposition: d.key })}
            />
            <kbd>{i + 1}</kbd> {d.label}
          </label>
        ))}
        {fields.disposition && <p className="field__error">{fields.disposition}</p>}
      </fieldset>
      <div className="field">
        <label htmlFor="dialer-notes">
          Notes <kbd>T</kbd>
        </label>
        <textarea
          id="dialer-notes"
          ref={notesRef}
          rows={3}
          value={form.notes}
          onChange={(e) => onChange({ notes: e.target.value })}
        />
      </div>
      <div className={`field${fields.callback ? ' field--invalid' : ''}`}>
        <label htmlFor="dialer-callback">Callback at (the lead’s time{zone ? `, ${zone}` : ''})</label>
        <input
          id="dialer-callback"
          type="datetime-local"
          value={form.callbackLocal}
          min={localInput(zone, new Date(now))}
          onChange={(e) => onChange({ callbackLocal: e.target.value })}
          aria-invalid={fields.callback ? true : undefined}
          aria-describedby={fields.callback ? 'dialer-callback-error' : undefined}
        />
        {fields.callback && (
          <p className="field__error" id="dialer-callback-error">
            {fields.callback}
          </p>
        )}
      </div>
      {needsConsent && (
        <label className={`check${fields.consentConfirmed ? ' field--invalid' : ''}`}>
          <input type="checkbox" checked={form.consent} onChange={(e) => onChange({ consent: e.target.checked })} /> I
          gave the recording disclosure (the lead may be in an all-party consent state) <kbd>C</kbd>
        </label>
      )}
      <label className="check">
        <input type="checkbox" checked={form.pauseAfter} onChange={(e) => onChange({ pauseAfter: e.target.checked })} />{' '}
        Not ready after this call <kbd>A</kbd>
      </label>
      <div className="dialer__actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          Save disposition <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}
