import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../api';
import { DangerZone } from '../../components/danger-zone';
import { Field, FormError, Notice, SubmitButton } from '../../components/form';
import { useSession } from '../../session';

function ProfileForm() {
  const { me, refresh } = useSession();
  const [name, setName] = useState(me?.user.name ?? '');
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError('Enter your name');
    setBusy(true);
    setSaved(false);
    try {
      await api('PATCH', '/api/me', { name: name.trim() });
      await refresh();
      setSaved(true);
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields.name ?? err.message) : 'Could not save');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} aria-label="Profile" className="card">
      <h2>Profile</h2>
      {saved && <Notice>Saved.</Notice>}
      <Field
        label="Name"
        value={name}
        onChange={(e) => (setName(e.target.value), setError(undefined))}
        error={error}
        autoComplete="name"
      />
      <Field
        label="E-mail"
        value={me?.user.email ?? ''}
        readOnly
        hint={
          me?.user.emailVerified ? 'Your sign-in address (confirmed).' : 'Your sign-in address (not confirmed yet).'
        }
      />
      <SubmitButton busy={busy}>Save profile</SubmitButton>
    </form>
  );
}

/** Until the address is confirmed, nothing that trusts it (such as operator rights) applies. */
function VerifyEmailNotice() {
  const { me } = useSession();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!me || me.user.emailVerified) return null;
  async function resend() {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/auth/send-verification-email', { email: me!.user.email });
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not send the e-mail');
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="verify-email">
      <h2 id="verify-email">Confirm your e-mail address</h2>
      <p>We sent a link to {me.user.email} when you signed up. Open it to confirm that the address is yours.</p>
      {sent && <Notice>Sent. Check your inbox (and spam folder).</Notice>}
      <FormError message={error} />
      <button type="button" className="btn" onClick={() => void resend()} disabled={busy}>
        Send the link again
      </button>
    </section>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!current) errs.current = 'Enter your current password';
    if (next.length < 10) errs.next = 'Use at least 10 characters';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setSaved(false);
    setFormError(null);
    try {
      await api('POST', '/api/auth/change-password', {
        currentPassword: current,
        newPassword: next,
        revokeOtherSessions: true,
      });
      setSaved(true);
      setCurrent('');
      setNext('');
    } catch (err) {
      setFormError(err instanceof ApiError ? err.message : 'Could not change the password');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} aria-label="Change password" className="card" noValidate>
      <h2>Password</h2>
      {saved && <Notice>Password changed. Your other sessions were signed out.</Notice>}
      <FormError message={formError} />
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={errors.current}
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={errors.next}
        hint="At least 10 characters."
      />
      <SubmitButton busy={busy}>Change password</SubmitButton>
    </form>
  );
}

export function ProfilePage() {
  const { refresh } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <h1>Profile</h1>
      <VerifyEmailNotice />
      <div className="grid-2">
        <ProfileForm />
        <PasswordForm />
      </div>
      <section className="card" aria-labelledby="my-data">
        <h2 id="my-data">Your data</h2>
        <p>
          Download everything DialerSeat keeps about you as a person: profile, team memberships, sessions, security
          events and the calls you made.
        </p>
        <a className="btn" href="/api/me/export" download>
          Download my data (JSON)
        </a>
      </section>
      <DangerZone
        title="Delete my account"
        button="Delete my account"
        onConfirm={async ({ password }) => {
          await api('POST', '/api/me/delete', { password });
          await refresh();
          navigate('/');
        }}
      >
        <p>
          Removes your profile, password, sessions and security history. Calls you made stay with your team, without
          your name. If you are the only owner of a team, make someone else owner or delete the team first.
        </p>
      </DangerZone>
    </>
  );
}
