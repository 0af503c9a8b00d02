import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { FormError, Notice, SelectField, SubmitButton } from '../../components/form';
import { teamTimeZoneSchema } from '../../../core/api/teams.types';
import type { TeamSummary } from '../../api';

/** Every zone the browser knows, for the picker (the server checks the choice again). */
const ZONES: string[] = (() => {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return supported ? ['UTC', ...supported('timeZone').filter((z) => z !== 'UTC')] : ['UTC'];
})();

/** Team settings: the time zone the team's reports count days in. */
export function TimeZoneForm({ team }: { team: TeamSummary }) {
  const [zone, setZone] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ team: { timeZone: string } }>('GET', `/api/teams/${team.id}`)
      .then((r) => setZone(r.team.timeZone))
      .catch(() => setFormError('Could not load the time zone'));
  }, [team.id]);

  async function save(e: FormEvent) {
    e.preventDefault();
    const parsed = teamTimeZoneSchema.safeParse({ timeZone: zone ?? '' });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Pick a time zone');
    setBusy(true);
    setSaved(false);
    try {
      await api('PUT', `/api/teams/${team.id}/time-zone`, parsed.data);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.fields.timeZone) setError(err.fields.timeZone);
      else setFormError(err instanceof Error ? err.message : 'Could not save the time zone');
    } finally {
      setBusy(false);
    }
  }

  const options = zone && !ZONES.includes(zone) ? [zone, ...ZONES] : ZONES;
  return (
    <form className="card" onSubmit={save} aria-label="The team's time zone" noValidate>
      <h2>Time zone</h2>
      <p className="muted">Reports count days from midnight to midnight in this zone.</p>
      {saved && <Notice>Saved.</Notice>}
      <FormError message={formError} />
      {zone !== null && (
        <SelectField
          label="Time zone"
          value={zone}
          onChange={(e) => (setZone(e.target.value), setError(undefined), setSaved(false))}
          error={error}
        >
          {options.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
      )}
      <SubmitButton busy={busy}>Save</SubmitButton>
    </form>
  );
}
