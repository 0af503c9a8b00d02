import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state';
import { useSession } from '../../session';
import { canAdmin, useTeam } from '../../team';

export function HomePage() {
  const team = useTeam();
  const { me } = useSession();
  return (
    <>
      <h1>{team.name}</h1>
      <p className="muted">
        Signed in as {me?.user.name} · {team.role}
      </p>
      <EmptyState title="Welcome — here is how to get calling">
        <ol className="steps">
          {canAdmin(team) && (
            <li>
              <Link to="/app/settings/members">Invite your agents</Link> — they get an e-mail link and join this team.
            </li>
          )}
          {canAdmin(team) ? (
            <li>
              <Link to="/app/campaigns">Create a campaign</Link> and upload a CSV of leads: phones in any format,
              duplicates caught for you.
            </li>
          ) : (
            <li>
              An owner or admin of the team assigns you to a campaign; the <Link to="/app/campaigns">Campaigns</Link>{' '}
              page lists the ones you work on.
            </li>
          )}
          <li>
            Press Ready on the <Link to="/app/dialer">dialer</Link> and call — every call is logged with its
            disposition, notes and recording.
          </li>
        </ol>
      </EmptyState>
    </>
  );
}
