import { Link } from 'react-router';
import { PublicLayout } from '../../components/public-layout';

const features = [
  {
    title: 'Dial from the page, talk on your phone',
    body: 'Agents work the list in the browser; with SignalWire connected, each call is bridged to the agent’s own phone line (no softphone to install). Out of the box, a built-in simulator plays the calls so you can try everything first.',
  },
  {
    title: 'Never outside legal hours',
    body: 'Every dial passes a calling-window check in the lead’s own time zones, state rules included, and the decision is kept on the call.',
  },
  {
    title: 'One lead, one agent',
    body: 'The dialer hands each lead to exactly one agent, even across servers, with callbacks returned to the agent who booked them.',
  },
  {
    title: 'Clean lists in minutes',
    body: 'Upload a messy CSV: phones in any format become E.164, duplicates and do-not-call numbers are caught, and bad rows come back with reasons.',
  },
  {
    title: 'Every call on record',
    body: 'Number dialed, caller ID, agent, times, disposition, notes and a recording kept for 30 days, then deleted automatically.',
  },
  {
    title: 'Weekly, per seat, no lock-in',
    body: 'Pay by the week. If you stop paying, your leads, calls and settings stay readable and exportable until you come back.',
  },
];

export function LandingPage() {
  return (
    <PublicLayout>
      <section className="hero">
        <h1>The outbound dialer your reps won’t fight with.</h1>
        <p className="hero__lead">
          DialerSeat lets sales teams, call centres and solo agents upload lead lists, work them from the browser and
          log every conversation — while the software keeps you inside calling-hour rules and your data under your
          control.
        </p>
        <div className="hero__actions">
          <Link className="btn btn--primary btn--large" to="/sign-up">
            Create your team
          </Link>
          <Link className="btn btn--large" to="/pricing">
            See pricing
          </Link>
        </div>
      </section>
      <section className="features" aria-label="What DialerSeat does">
        {features.map((f) => (
          <article key={f.title} className="feature">
            <h2>{f.title}</h2>
            <p>{f.body}</p>
          </article>
        ))}
      </section>
    </PublicLayout>
  );
}
