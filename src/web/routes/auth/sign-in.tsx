import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { Field, FormError, SubmitButton } from '../../components/form';
import { useSession } from '../../session';
import { AuthCard } from './auth-card';

export function SignInPage() {
  const [params] = useSearchParams();
  const invitation = params.get('invite');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { refresh } = useSession();
  const navigate = useNavigate();

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const e: typeof errors = {};
    if (!email.trim()) e.email = 'Enter your e-mail address';
    if (!password) e.password = 'Enter your password';
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    setFormError(null);
    try {
      await api('POST', '/api/auth/sign-in/email', { email: email.trim(), password });
      await refresh();
      const next = params.get('next');
      navigate(invitation ? `/invite/${invitation}` : next?.startsWith('/app') ? next : '/app');
    } catch (err) {
      setFormError(err instanceof ApiError ? err.message : 'Sign-in failed; try again');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard
      title="Sign in"
      footer={
        <p>
          <Link to="/forgot-password">Forgot your password?</Link> · New here?{' '}
          <Link to={invitation ? `/sign-up?invite=${invitation}` : '/sign-up'}>Create an account</Link>
        </p>
      }
    >
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <FormError message={formError} />
        <Field
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        <SubmitButton busy={busy}>Sign in</SubmitButton>
      </form>
    </AuthCard>
  );
}
