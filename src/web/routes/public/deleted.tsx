import { Link, useLocation } from 'react-router';
import { PublicLayout } from '../../components/public-layout';

/** What a deletion did, handed over in the navigation state by the page that deleted. */
export type DeletedState = { teamName: string; ownAccountDeleted: boolean; counts: Record<string, number> };

const COUNTED: [string, string, string][] = [
  ['leads', 'lead', 'leads'],
  ['calls', 'call', 'calls'],
  ['recordings', 'recording', 'recordings'],
  ['campaigns', 'campaign', 'campaigns'],
  ['members', 'membership', 'memberships'],
  ['accounts', 'account', 'accounts'],
];

/** Where an owner lands after deleting a team: what was deleted, and what they can do now. */
export function DeletedPage() {
  const state = (useLocation().state ?? null) as DeletedState | null;
  return (
    <PublicLayout>
      <section className="auth-card" aria-labelledby="deleted-title">
        <h1 id="deleted-title">{state ? `${state.teamName} was deleted` : 'The team was deleted'}</h1>
        <p>
          Its leads, calls, recordings, imports, exports, do-not-call list, invitations and memberships are gone from
          DialerSeat. Invoices are kept, detached from the team, as tax law requires.
        </p>
        {state && (
          <p className="muted">
            Deleted:{' '}
            {COUNTED.filter(([k]) => (state.counts[k] ?? 0) > 0)
              .map(([k, one, many]) => `${state.counts[k]!.toLocaleString()} ${state.counts[k] === 1 ? one : many}`)
              .join(', ') || 'nothing else'}
            .
          </p>
        )}
        {state?.ownAccountDeleted ? (
          <p>
            Your account belonged to no other team, so it was deleted too and you are signed out.{' '}
            <Link to="/sign-up">Create a new team</Link> any time.
          </p>
        ) : (
          <p>
            <Link to="/app">Go to your other teams</Link>
          </p>
        )}
      </section>
    </PublicLayout>
  );
}
