import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { Field, FormError, Notice, SelectField, SubmitButton } from '../../components/form';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The simulator only: ring one of the team's numbers as a caller would (decision 0026), to see a call back in reach
 * a Ready agent, or the opt-out menu when nobody is Ready.
 */
export function TestCallInPanel({ teamId, numbers }: { teamId: string; numbers: readonly { e164: string }[] }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(numbers[0]?.e164 ?? '');
  const [pressKey, setPressKey] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const caller = from.replace(/[\s().-]/g, '');
    if (!E164.test(caller)) {
      setFields({ from: 'Give the caller’s number in international format, e.g. +12125550147' });
      return;
    }
    setFields({});
    setBusy(true);
    try {
      await api('POST', `/api/teams/${teamId}/caller-ids/simulated-inbound-calls`, {
        from: caller,
        to,
        pressKey: pressKey === '' ? null : pressKey,
      });
      setNotice(`${caller} is calling ${to}.`);
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        setError(err.message);
      } else setError('The test call could not be placed');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="test-call-in">
      <h2 id="test-call-in">Test a call in</h2>
      <p className="muted">
        The simulator rings one of your numbers from the caller you give. A Ready agent of the campaign that last called
        that number takes it with the lead on screen; with nobody Ready the caller hears the menu and the key you pick.
      </p>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field
          label="Caller’s number"
          name="from"
          inputMode="tel"
          autoComplete="off"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          error={fields.from}
          placeholder="+12125550147"
        />
        <SelectField
          label="Number called"
          name="to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={fields.to}
        >
          {numbers.map((n) => (
            <option key={n.e164} value={n.e164}>
              {n.e164}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Key pressed at the menu"
          name="pressKey"
          value={pressKey}
          onChange={(e) => setPressKey(e.target.value)}
          error={fields.pressKey}
        >
          <option value="">None (listens and hangs up)</option>
          <option value="9">9 (stop the calls)</option>
          <option value="1">1 (any other key)</option>
        </SelectField>
        <SubmitButton busy={busy}>Ring the number</SubmitButton>
      </form>
    </section>
  );
}
