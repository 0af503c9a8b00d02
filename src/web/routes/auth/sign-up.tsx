import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { emailSchema, passwordSchema, problemWith } from '../../../core/api/auth.types';
import { api, ApiError } from '../../api';
import { Field, FormError, SubmitButton } from '../../components/form';
import { prefs, useSession } from '../../session';
import { AuthCard } from './auth-card';

type Errors = Partial<Record<'name' | 'email' | 'password' | 'teamName' | 'confirm', string>>;

function validate(v: { name: string; email: string; password: string; confirm: boolean }): Errors {
  const e: Errors = {};
  if (!v.name.trim()) e.name = 'Enter your name';
  const email = problemWith(emailSchema, v.email.trim());
  if (email) e.email = email;
  const password = problemWith(passwordSchema, v.password);
  if (password) e.password = password;
  if (!v.confirm) e.confirm = 'Confirm that you are 16 or older and signing up for a business';
  return e;
}

export function SignUpPage() {
  const [params] = useSearchParams();
  const invitation = params.get('invite');
  const [form, setForm] = useState({
    name: '',
    email: params.get('email') ?? '',
    password: '',
    teamName: '',
    confirm: false,
  });
  const [errors, setErrors] = useState<Errors>({});
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { refresh } = useSession();
  const navigate = useNavigate();

  const live = validate(form);
  const shown = (k: keyof Errors) => errors[k] ?? (touched[k] ? live[k] : undefined);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setForm({ ...form, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
    setErrors({ ...errors, [k]: undefined });
  };
  const blur = (k: string) => () => setTouched({ ...touched, [k]: true });

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const v = validate(form);
    setErrors(v);
    setTouched({ name: true, email: true, password: true, confirm: true });
    if (Object.keys(v).length) return;
    setBusy(true);
    setFormError(null);
    try {
      await api('POST', '/api/auth/sign-up/email', {
        name: form.name.trim(),
        email: form.email.trim(),
        password: form.password,
        teamName: form.teamName.trim() || undefined,
        invitationToken: invitation ?? undefined,
        confirmAdultBusiness: form.confirm,
      });
      // With an invitation the sign-up also joined the team; the app opens on it.
      const me = await refresh();
      if (invitation && me?.teams.length) prefs.set('team', me.teams[me.teams.length - 1]!.id);
      navigate('/app');
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fields as Errors);
        setFormError(e.message);
      } else setFormError('Sign-up failed; try again');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard
      title={invitation ? 'Create your account to join the team' : 'Create your team'}
      footer={
        <p>
          Already have an account? <Link to={invitation ? `/sign-in?invite=${invitation}` : '/sign-in'}>Sign in</Link>
        </p>
      }
    >
      <form onSubmit={submit} noValidate aria-label="Sign up">
        <FormError message={formError} />
        <Field
          label="Your name"
          name="name"
          autoComplete="name"
          value={form.name}
          onChange={set('name')}
          onBlur={blur('name')}
          error={shown('name')}
          required
        />
        <Field
          label="Work e-mail"
          name="email"
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={set('email')}
          onBlur={blur('email')}
          error={shown('email')}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set('password')}
          onBlur={blur('password')}
          error={shown('password')}
          hint="At least 10 characters. A short sentence works well."
          required
        />
        {!invitation && (
          <Field
            label="Team name (optional)"
            name="teamName"
            value={form.teamName}
            onChange={set('teamName')}
            error={errors.teamName}
            hint="You can rename it later."
          />
        )}
        <div className={`check${shown('confirm') ? ' field--invalid' : ''}`}>
          <input
            id="confirm"
            type="checkbox"
            checked={form.confirm}
            onChange={set('confirm')}
            onBlur={blur('confirm')}
            aria-invalid={shown('confirm') ? true : undefined}
            aria-describedby={shown('confirm') ? 'confirm-error' : undefined}
          />
          <label htmlFor="confirm">I am 16 or older and I am signing up for business use.</label>
          {shown('confirm') && (
            <p className="field__error" id="confirm-error">
              {shown('confirm')}
            </p>
          )}
        </div>
        <p className="muted small">
          By signing up you accept the <Link to="/terms">terms</Link> and the <Link to="/privacy">privacy policy</Link>.
        </p>
        <SubmitButton busy={busy}>Create account</SubmitButton>
      </form>
    </AuthCard>
  );
}
