import { useCallback, useState } from 'react';
import { api, type SessionRow } from '../../api';
import { FormError, Notice } from '../../components/form';
import { useLoad } from '../../use-load';

/** A readable device name from a user agent, good enough for "which one is this?". */
export function deviceName(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Chrome\//.test(ua)
      ? 'Chrome'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Safari\//.test(ua)
          ? 'Safari'
          : (ua.split(' ')[0] ?? 'Browser');
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Mac OS X/.test(ua)
      ? 'macOS'
      : /Android/.test(ua)
        ? 'Android'
        : /iPhone|iPad/.test(ua)
          ? 'iOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

export function SessionsPage() {
  const [sessions, setSessions] = useState<SessionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setSessions((await api<{ sessions: SessionRow[] }>('GET', '/api/me/sessions')).sessions);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load sessions');
    }
  }, []);
  useLoad(load);
  async function act(fn: () => Promise<unknown>, msg: string) {
    setError(null);
    try {
      await fn();
      setNotice(msg);
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That did not work');
    }
  }
  return (
    <>
      <h1>Your sessions</h1>
      <p className="muted">
        Everywhere you are signed in. Sign out a device you do not recognise, then change your password.
      </p>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      <button
        className="btn"
        onClick={() =>
          act(() => api('POST', '/api/me/sessions/revoke-others', {}), 'Signed out of every other session.')
        }
      >
        Sign out all other sessions
      </button>
      {sessions && (
        <table className="table">
          <caption className="sr-only">Active sessions</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">IP address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td title={s.userAgent ?? ''}>
                  {deviceName(s.userAgent)} {s.current && <span className="badge">this device</span>}
                </td>
                <td>{s.ipAddress ?? '—'}</td>
                <td>{new Date(s.createdAt).toLocaleString()}</td>
                <td>{new Date(s.lastSeenAt).toLocaleString()}</td>
                <td>
                  {!s.current && (
                    <button
                      className="btn btn--small"
                      onClick={() => act(() => api('DELETE', `/api/me/sessions/${s.id}`), 'Session signed out.')}
                    >
                      Sign out
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
