import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { passwordSchema, problemWith } from '../../../core/api/auth.types';
import { api, ApiError } from '../../api';
import { Field, FormError, Notice, SubmitButton } from '../../components/form';
import { AuthCard } from './auth-card';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [formError, setFormError] = useState<string | null>(
    token ? null : 'This reset link is incomplete; request a new one.',
  );
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const e: typeof errors = {};
    const problem = problemWith(passwordSchema, password);
    if (problem) e.password = problem;
    if (confirm !== password) e.confirm = 'The two passwords differ';
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      await api('POST', '/api/auth/reset-password', { token, newPassword: password });
      setDone(true);
    } catch (err) {
      setFormError(err instanceof ApiError ? err.message : 'Reset failed; request a new link');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title="Choose a new password" footer={<Link to="/sign-in">Back to sign in</Link>}>
      {done ? (
        <Notice>
          Your password is changed and every other session was signed out. <Link to="/sign-in">Sign in</Link> with the
          new one.
        </Notice>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Reset password">
          <FormError message={formError} />
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            required
          />
          <Field
            label="Repeat the new password"
            name="confirm"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={errors.confirm}
            required
          />
          <SubmitButton busy={busy} disabled={!token}>
            Save new password
          </SubmitButton>
        </form>
      )}
    </AuthCard>
  );
}
