import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../api';
import { DangerZone } from '../../components/danger-zone';
import { Field, FormError, Notice, SubmitButton } from '../../components/form';
import { prefs, useSession } from '../../session';
import type { DeletedState } from '../public/deleted';
import { canAdmin, useTeam } from '../../team';
import { TimeZoneForm } from '../../features/reports/time-zone-form';

export function TeamSettingsPage() {
  const team = useTeam();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState(team.name);
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function rename(e: FormEvent) {
    e.preventDefault();
    if (name.trim().length < 2) return setError('Team name needs at least 2 characters');
    setBusy(true);
    setSaved(false);
    try {
      await api('PATCH', `/api/teams/${team.id}`, { name: name.trim() });
      await refresh();
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.fields.name) setError(err.fields.name);
      else setFormError(err instanceof Error ? err.message : 'Could not rename');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Team settings</h1>
      <form className="card" onSubmit={rename} aria-label="Rename the team" noValidate>
        <h2>Name</h2>
        {saved && <Notice>Saved.</Notice>}
        <FormError message={formError} />
        <Field
          label="Team name"
          value={name}
          onChange={(e) => (setName(e.target.value), setError(undefined))}
          error={error}
        />
        <SubmitButton busy={busy}>Save</SubmitButton>
      </form>
      {canAdmin(team) && <TimeZoneForm team={team} />}
      {team.role === 'owner' && (
        <DangerZone
          title="Delete this team and all its data"
          confirmLabel={`Type the team name (${team.name}) to confirm`}
          confirmValue={team.name}
          button="Delete the team forever"
          onConfirm={async ({ password, confirm }) => {
            const done = await api<{ counts: Record<string, number>; ownAccountDeleted: boolean }>(
              'POST',
              `/api/teams/${team.id}/delete`,
              { password, confirmName: confirm },
            );
            prefs.set('team', '');
            // Say what happened before anything else: the account may be gone with the team.
            navigate('/deleted', {
              state: {
                teamName: team.name,
                ownAccountDeleted: done.ownAccountDeleted,
                counts: done.counts,
              } satisfies DeletedState,
            });
            await refresh();
          }}
        >
          <p>
            Deletes every lead, call, note, recording, import, do-not-call entry, invitation and membership of{' '}
            {team.name}, right now. Members who belong to no other team — you included — lose their accounts. Invoices
            are kept, detached from the team, because tax law requires them. Export what you need first.
          </p>
        </DangerZone>
      )}
    </>
  );
}
