import { useCallback, useState, type FormEvent } from 'react';
import { emailSchema, problemWith } from '../../../core/api/auth.types';
import { api, ApiError, type Invitation, type Member, type Role } from '../../api';
import { Field, FormError, Notice, SelectField, SubmitButton } from '../../components/form';
import { useSession } from '../../session';
import { useTeam } from '../../team';
import { useLoad } from '../../use-load';

export function MembersPage() {
  const team = useTeam();
  const { me } = useSession();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'agent' | 'admin'>('agent');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const base = `/api/teams/${team.id}`;

  const load = useCallback(async () => {
    try {
      const [m, i] = await Promise.all([
        api<{ members: Member[] }>('GET', `${base}/members`),
        api<{ invitations: Invitation[] }>('GET', `${base}/invitations`),
      ]);
      setMembers(m.members);
      setInvitations(i.invitations);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load members');
    }
  }, [base]);
  useLoad(load);

  async function invite(e: FormEvent) {
    e.preventDefault();
    const problem = problemWith(emailSchema, email.trim());
    if (problem) return setFieldError(problem);
    setBusy(true);
    setError(null);
    try {
      await api('POST', `${base}/invitations`, { email: email.trim(), role });
      setNotice(`Invitation sent to ${email.trim()}.`);
      setEmail('');
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.fields.email) setFieldError(err.fields.email + ` — ${err.message}`);
      else setError(err instanceof Error ? err.message : 'Could not invite');
    } finally {
      setBusy(false);
    }
  }

  async function act(fn: () => Promise<unknown>, done: string) {
    setError(null);
    setNotice(null);
    try {
      await fn();
      setNotice(done);
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That did not work');
    }
  }

  return (
    <>
      <h1>Team members</h1>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      <form onSubmit={invite} className="card inline-form" aria-label="Invite a teammate" noValidate>
        <Field
          label="E-mail to invite"
          type="email"
          value={email}
          onChange={(e) => (setEmail(e.target.value), setFieldError(undefined))}
          error={fieldError}
        />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as 'agent' | 'admin')}>
          <option value="agent">Agent — dials and logs calls</option>
          <option value="admin">Admin — also manages campaigns and members</option>
        </SelectField>
        <SubmitButton busy={busy}>Send invitation</SubmitButton>
      </form>
      {members === null ? (
        <p aria-live="polite">Loading members…</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Members of {team.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>
                  <label className="sr-only" htmlFor={`role-${m.id}`}>
                    Role of {m.name}
                  </label>
                  <select
                    id={`role-${m.id}`}
                    value={m.role}
                    disabled={team.role !== 'owner' && m.role === 'owner'}
                    onChange={(e) =>
                      act(
                        () => api('PATCH', `${base}/members/${m.id}`, { role: e.target.value as Role }),
                        `${m.name} is now ${e.target.value}.`,
                      )
                    }
                  >
                    {team.role === 'owner' && <option value="owner">owner</option>}
                    {team.role !== 'owner' && m.role === 'owner' && <option value="owner">owner</option>}
                    <option value="admin">admin</option>
                    <option value="agent">agent</option>
                  </select>
                </td>
                <td>{new Date(m.joinedAt).toLocaleDateString()}</td>
                <td>
                  {m.userId !== me?.user.id && (
                    <button
                      className="btn btn--small btn--danger"
                      onClick={() =>
                        window.confirm(`Remove ${m.name} from ${team.name}?`) &&
                        act(() => api('DELETE', `${base}/members/${m.id}`), `${m.name} was removed.`)
                      }
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Open invitations</h2>
      {invitations.length === 0 ? (
        <p className="muted">No open invitations. Invite agents with the form above; links expire after a few days.</p>
      ) : (
        <ul className="list">
          {invitations.map((i) => (
            <li key={i.id}>
              <span>
                {i.email} — {i.role}, expires {new Date(i.expiresAt).toLocaleString()}
              </span>
              <button
                className="btn btn--small"
                onClick={() =>
                  act(() => api('DELETE', `${base}/invitations/${i.id}`), `Invitation to ${i.email} revoked.`)
                }
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
