import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { emailSchema, problemWith } from '../../../core/api/auth.types';
import { api, ApiError } from '../../api';
import { Field, FormError, Notice, SubmitButton } from '../../components/form';
import { AuthCard } from './auth-card';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const problem = problemWith(emailSchema, email.trim());
    if (problem) return setError(problem);
    setBusy(true);
    setFormError(null);
    try {
      await api('POST', '/api/auth/request-password-reset', { email: email.trim(), redirectTo: '/reset-password' });
      setSent(true);
    } catch (e) {
      setFormError(e instanceof ApiError ? e.message : 'Could not send the e-mail; try again');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title="Reset your password" footer={<Link to="/sign-in">Back to sign in</Link>}>
      {sent ? (
        <Notice>
          If an account exists for {email.trim()}, we sent it a link to choose a new password. The link works for one
          hour.
        </Notice>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Request password reset">
          <FormError message={formError} />
          <Field
            label="E-mail"
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => (setEmail(e.target.value), setError(undefined))}
            error={error}
            required
          />
          <SubmitButton busy={busy}>Send reset link</SubmitButton>
        </form>
      )}
    </AuthCard>
  );
}
