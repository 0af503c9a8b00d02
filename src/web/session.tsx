import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, type Me } from './api';
import { useLoad } from './use-load';

type SessionState = {
  me: Me | null;
  loading: boolean;
  refresh: () => Promise<Me | null>;
};

const SessionContext = createContext<SessionState>({ me: null, loading: true, refresh: async () => null });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      const m = await api<Me | { user: null }>('GET', '/api/session');
      if (!m.user) {
        setMe(null);
        return null;
      }
      const signedIn = m as Me;
      setCsrfToken(signedIn.csrfToken);
      setMe(signedIn);
      return signedIn;
    } catch (e) {
      console.warn(e instanceof ApiError ? e.message : e);
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);
  useLoad(refresh);
  return <SessionContext.Provider value={{ me, loading, refresh }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);

/** Functional preferences live in localStorage (never cookies), as the privacy page says. */
export const prefs = {
  get: (key: string) => {
    try {
      return localStorage.getItem(`dialerseat.${key}`);
    } catch {
      return null;
    }
  },
  set: (key: string, value: string) => {
    try {
      localStorage.setItem(`dialerseat.${key}`, value);
    } catch {
      /* private mode: preferences are a nicety */
    }
  },
};
