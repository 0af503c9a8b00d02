import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api } from '../../api';
import { useTeam } from '../../team';
import { formatDateTime, type TeamAccess } from './billing-api';

/**
 * The app shell's payment banner: past due (with the grace end), lapsed (Resubscribe), no subscription.
 * Re-read on every navigation so it clears once a payment lands. Nothing shows when billing is off.
 */
export function AccessBanner() {
  const team = useTeam();
  // Every navigation (including the billing page clearing ?checkout=success) re-reads access.
  const { key, pathname } = useLocation();
  const [access, setAccess] = useState<TeamAccess | null>(null);
  useEffect(() => {
    let live = true;
    api<TeamAccess>('GET', `/api/teams/${team.id}/access`).then(
      (a) => live && setAccess(a),
      // The banner is advisory; the gated actions themselves answer 402 with the same message.
      () => live && setAccess(null),
    );
    return () => {
      live = false;
    };
  }, [team.id, key]);

  const banner = access?.billingEnabled ? access.banner : null;
  if (!banner) return null;
  const owner = team.role === 'owner';
  const toBilling = (label: string) =>
    team.role === 'agent' || pathname === '/app/settings/billing' ? null : (
      <Link className="btn btn--small" to="/app/settings/billing">
        {label}
      </Link>
    );
  let action = null;
  if (banner.kind === 'lapsed') action = owner ? toBilling('Resubscribe') : toBilling('See billing');
  else if (banner.kind === 'past_due') action = toBilling(owner ? 'Update payment method' : 'See billing');
  else action = toBilling(owner ? 'Choose a plan' : 'See billing');

  return (
    <div
      className={`access-banner access-banner--${banner.kind}`}
      role={banner.kind === 'past_due' ? 'status' : 'alert'}
    >
      <p>
        {banner.message}
        {banner.graceEndsAt && banner.kind === 'past_due' && (
          <> Grace period ends {formatDateTime(banner.graceEndsAt)}.</>
        )}
        {!owner && banner.kind !== 'past_due' && <> Ask a team owner to subscribe.</>}
      </p>
      {action}
    </div>
  );
}
