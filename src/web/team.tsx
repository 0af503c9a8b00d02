import { createContext, useContext } from 'react';
import type { TeamSummary } from './api';

export const TeamContext = createContext<TeamSummary | null>(null);

/** The active team; only rendered inside the app shell, which guarantees one. */
export function useTeam(): TeamSummary {
  const t = useContext(TeamContext);
  if (!t) throw new Error('useTeam outside the app shell');
  return t;
}

export const canAdmin = (t: TeamSummary) => t.role === 'owner' || t.role === 'admin';
