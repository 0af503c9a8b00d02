import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api';
import { Field, FormError } from './form';

/** An irreversible action behind the password (and, when given, a typed confirmation). */
export function DangerZone(props: {
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  confirmValue?: string;
  button: string;
  onConfirm: (input: { password: string; confirm: string }) => Promise<void>;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ready = password.length > 0 && (props.confirmValue === undefined || confirm === props.confirmValue);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    try {
      await props.onConfirm({ password, confirm });
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fields);
        setFormError(err.message);
      } else setFormError('That did not work; try again');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card danger" onSubmit={submit} aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.children}
      <FormError message={formError} />
      {props.confirmLabel && (
        <Field
          label={props.confirmLabel}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirmName}
          autoComplete="off"
        />
      )}
      <Field
        label="Your password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      <button type="submit" className="btn btn--danger-solid" disabled={!ready || busy}>
        {busy ? 'Deleting…' : props.button}
      </button>
    </form>
  );
}
