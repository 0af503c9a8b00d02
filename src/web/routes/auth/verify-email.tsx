import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { FormError, Notice } from '../../components/form';
import { useSession } from '../../session';
import { AuthCard } from './auth-card';

/** The page the verification e-mail links to: confirms the address once and says what happened. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { refresh } = useSession();
  const [state, setState] = useState<'working' | 'done' | { error: string }>(
    token ? 'working' : { error: 'This link is incomplete; ask for a new one under Settings → Profile.' },
  );

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    api('GET', `/api/auth/verify-email?token=${encodeURIComponent(token)}`)
      .then(async () => {
        await refresh().catch(() => {});
        if (!cancelled) setState('done');
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        const expired = err instanceof ApiError && /expired|invalid/i.test(err.message);
        setState({
          error: expired
            ? 'This link has expired or was already replaced; ask for a new one under Settings → Profile.'
            : err instanceof ApiError
              ? err.message
              : 'Could not confirm the address; try again.',
        });
      });
    return () => {
      cancelled = true;
    };
  }, [token, refresh]);

  return (
    <AuthCard title="Confirm your e-mail address" footer={<Link to="/app">Go to DialerSeat</Link>}>
      {state === 'working' && <p role="status">Confirming…</p>}
      {state === 'done' && <Notice>Your e-mail address is confirmed.</Notice>}
      {typeof state === 'object' && <FormError message={state.error} />}
    </AuthCard>
  );
}
