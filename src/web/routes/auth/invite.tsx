import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../../api';
import { FormError } from '../../components/form';
import { prefs, useSession } from '../../session';
import { AuthCard } from './auth-card';

type InvitationInfo = {
  teamName: string;
  email: string;
  role: string;
  invitedBy: string | null;
  state: 'open' | 'accepted' | 'revoked' | 'expired';
};

export function InvitePage() {
  const { token = '' } = useParams();
  const { me, loading, refresh } = useSession();
  const navigate = useNavigate();
  const [info, setInfo] = useState<InvitationInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<InvitationInfo>('GET', `/api/invitations/${encodeURIComponent(token)}`).then(setInfo, (e: Error) =>
      setError(e.message),
    );
  }, [token]);

  const member = me && info ? me.teams.find((t) => t.name === info.teamName) : undefined;

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ teamId: string }>('POST', `/api/invitations/${encodeURIComponent(token)}/accept`);
      prefs.set('team', r.teamId);
      await refresh();
      navigate('/app');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not accept the invitation');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title={info ? `Join ${info.teamName}` : 'Invitation'}>
      <FormError message={error} />
      {info && (
        <>
          <p>
            {info.invitedBy ?? 'A teammate'} invited <strong>{info.email}</strong> to join{' '}
            <strong>{info.teamName}</strong> as {info.role === 'admin' ? 'an admin' : 'an agent'}.
          </p>
          {info.state !== 'open' && !member && <p role="alert">This invitation is {info.state}. Ask for a new one.</p>}
          {info.state === 'accepted' && member && (
            <p>
              You are a member. <Link to="/app">Open the app</Link>
            </p>
          )}
          {info.state === 'open' && !loading && !me && (
            <div className="stack">
              <Link
                className="btn btn--primary"
                to={`/sign-up?invite=${encodeURIComponent(token)}&email=${encodeURIComponent(info.email)}`}
              >
                Create an account and join
              </Link>
              <Link className="btn" to={`/sign-in?invite=${encodeURIComponent(token)}`}>
                I already have an account
              </Link>
            </div>
          )}
          {info.state === 'open' && me && (
            <button className="btn btn--primary" onClick={accept} disabled={busy}>
              {busy ? 'Joining…' : `Join ${info.teamName} as ${me.user.email}`}
            </button>
          )}
        </>
      )}
    </AuthCard>
  );
}
