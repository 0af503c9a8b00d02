import { Fragment } from 'react';
import type { LeadOnScreen } from './types';

function leadName(lead: LeadOnScreen): string {
  return [lead.firstName, lead.lastName].filter(Boolean).join(' ') || 'Unnamed lead';
}

/** The lead on screen and the campaign's script; while Ready, Dial, Skip and Not ready. */
export function LeadCard(props: {
  lead: LeadOnScreen;
  ready: boolean;
  canDial: boolean;
  busy: boolean;
  onDial: () => void;
  onSkip: () => void;
  /** Not ready with the lead still on screen (the A key's button, for a screen without a keyboard). */
  onPause?: () => void;
}) {
  const { lead, busy } = props;
  return (
    <div className="dialer__grid">
      <section className="card" aria-labelledby="lead-heading">
        <h2 id="lead-heading">{leadName(lead)}</h2>
        <dl className="facts">
          <dt>Phone</dt>
          <dd>{lead.phone}</dd>
          <dt>Local time</dt>
          <dd>
            {lead.localTime ?? 'unknown'} {lead.zone && <span className="muted">({lead.zone})</span>}
          </dd>
          {(lead.city || lead.state) && (
            <>
              <dt>Where</dt>
              <dd>{[lead.address, lead.city, lead.state, lead.zip].filter(Boolean).join(', ')}</dd>
            </>
          )}
          {lead.email && (
            <>
              <dt>E-mail</dt>
              <dd>{lead.email}</dd>
            </>
          )}
          <dt>Attempts</dt>
          <dd>
            {lead.attempts}
            {lead.lastDisposition && <span className="muted"> · last: {lead.lastDisposition}</span>}
          </dd>
          {Object.entries(lead.custom).map(([k, v]) => (
            <Fragment key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </Fragment>
          ))}
        </dl>
        {lead.notes && <p className="dialer__notes">{lead.notes}</p>}
        {props.ready && (
          <div className="dialer__actions">
            <button className="btn btn--primary btn--large" onClick={props.onDial} disabled={busy || !props.canDial}>
              Dial {lead.phone} <kbd>D</kbd>
            </button>
            <button className="btn" onClick={props.onSkip} disabled={busy}>
              Skip <kbd>S</kbd>
            </button>
            {props.onPause && (
              <button className="btn" onClick={props.onPause} disabled={busy}>
                Not ready <kbd>A</kbd>
              </button>
            )}
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="script-heading">
        <h2 id="script-heading">Script</h2>
        <p className="dialer__script">{lead.script || 'This campaign has no script.'}</p>
      </section>
    </div>
  );
}
