import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { api } from './api';
import { useSession } from './session';

type PolicyInfo = {
  current: { version: string; effectiveAt: string };
  upcoming: { version: string; effectiveAt: string; summary: string } | null;
};

const PolicyContext = createContext<PolicyInfo | null>(null);
export const usePolicy = () => useContext(PolicyContext);

export const formatDay = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** Loads the policy facts once per page load and reports page views (route shape only) to our own server. */
export function PolicyProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<PolicyInfo | null>(null);
  const location = useLocation();
  const { loading } = useSession();
  useEffect(() => {
    api<PolicyInfo>('GET', '/api/public/policy').then(setInfo, () => setInfo(null));
  }, []);
  useEffect(() => {
    // Anonymous, server-side analytics: no tracker, no third party, just the path's shape. Sent once the
    // session (and so its CSRF token) is known.
    if (!loading) api('POST', '/api/analytics/page-view', { path: location.pathname }).catch(() => {});
  }, [location.pathname, loading]);
  return <PolicyContext.Provider value={info}>{children}</PolicyContext.Provider>;
}

export function PolicyBanner() {
  const info = usePolicy();
  if (!info?.upcoming) return null;
  return (
    <div className="banner banner--info" role="status">
      Our privacy policy changes on <strong>{formatDay(info.upcoming.effectiveAt)}</strong>: {info.upcoming.summary}{' '}
      <a href="/privacy">Read the policy</a>
    </div>
  );
}
