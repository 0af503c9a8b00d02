import { Field } from '../../components/form';
import type { DialerState } from './types';
import type { CampaignSummary } from './use-dialer';

/** Offline or Not ready: pick a campaign (offline only), the phone to ring on a real carrier, and go Ready. */
export function StartCard(props: {
  data: DialerState;
  campaigns: CampaignSummary[];
  campaignId: string;
  onCampaign: (id: string) => void;
  linePhone: string | null;
  onLinePhone: (phone: string) => void;
  fields: Record<string, string>;
  busy: boolean;
  onReady: () => void;
  onStop: () => void;
}) {
  const { data, campaigns, campaignId, busy } = props;
  return (
    <section className="card dialer__start" aria-labelledby="start-heading">
      <h2 id="start-heading">{data.state === 'paused' ? 'You are Not ready' : 'Start dialing'}</h2>
      {data.state === 'offline' && (
        <div className="field">
          <label htmlFor="dialer-campaign">Campaign</label>
          <select id="dialer-campaign" value={campaignId} onChange={(e) => props.onCampaign(e.target.value)}>
            {campaigns.length === 0 && <option value="">No campaign assigned to you</option>}
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.dialMode})
              </option>
            ))}
          </select>
        </div>
      )}
      {data.line.required && (
        <Field
          label="Phone to ring for your calls"
          type="tel"
          autoComplete="tel"
          value={props.linePhone ?? data.line.phone ?? ''}
          onChange={(e) => props.onLinePhone(e.target.value)}
          error={props.fields.linePhone}
          hint="Going Ready rings this phone; answer it and keep it open. Every lead you dial joins you on it."
        />
      )}
      <div className="dialer__actions">
        <button
          className="btn btn--primary"
          onClick={props.onReady}
          disabled={busy || (!campaignId && data.state === 'offline')}
        >
          Go Ready <kbd>R</kbd>
        </button>
        {data.state === 'paused' && (
          <button className="btn" onClick={props.onStop} disabled={busy}>
            Stop dialing <kbd>Q</kbd>
          </button>
        )}
      </div>
    </section>
  );
}
