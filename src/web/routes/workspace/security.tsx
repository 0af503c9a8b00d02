import { useEffect, useState } from 'react';
import { api, type SecurityEvent } from '../../api';
import { FormError } from '../../components/form';
import { useTeam } from '../../team';
import { deviceName } from './sessions';

const labels: Record<string, string> = {
  sign_in_succeeded: 'Signed in',
  sign_in_failed: 'Failed sign-in',
  sign_out: 'Signed out',
  sign_up: 'Account created',
  password_changed: 'Password changed',
  password_reset_requested: 'Password reset requested',
  password_reset: 'Password reset',
  session_revoked: 'Session signed out',
  other_sessions_revoked: 'Other sessions signed out',
  member_role_changed: 'Member role changed',
  member_removed: 'Member removed',
  member_invited: 'Member invited',
  invitation_revoked: 'Invitation revoked',
  invitation_accepted: 'Invitation accepted',
  rate_limited: 'Too many attempts (blocked)',
};

function describe(e: SecurityEvent) {
  const d = e.detail;
  const member = e.memberName ?? 'a former member';
  if (e.type === 'member_role_changed') return `${member}: ${String(d.from)} → ${String(d.to)}`;
  if (e.type === 'member_removed') return member;
  if (e.type === 'member_invited' || e.type === 'invitation_accepted') return `as ${String(d.role ?? '')}`;
  return '';
}

export function SecurityPage() {
  const team = useTeam();
  const [events, setEvents] = useState<SecurityEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ events: SecurityEvent[] }>('GET', `/api/teams/${team.id}/security-events`).then(
      (r) => setEvents(r.events),
      (e: Error) => setError(e.message),
    );
  }, [team.id]);
  return (
    <>
      <h1>Security log</h1>
      <p className="muted">
        Sign-ins, password changes, revoked sessions and role changes of everyone in {team.name}. Kept for 90 days.
      </p>
      <FormError message={error} />
      {events && events.length === 0 && <p>No events yet.</p>}
      {events && events.length > 0 && (
        <table className="table">
          <caption className="sr-only">Security events</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Who</th>
              <th scope="col">Details</th>
              <th scope="col">IP</th>
              <th scope="col">Device</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr
                key={e.id}
                className={e.type === 'sign_in_failed' || e.type === 'rate_limited' ? 'row--warn' : undefined}
              >
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{labels[e.type] ?? e.type}</td>
                <td>{e.userName ?? '—'}</td>
                <td>{describe(e)}</td>
                <td>{e.ipAddress ?? '—'}</td>
                <td>{deviceName(e.userAgent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
