import { useEffect } from 'react';

/**
 * Runs a page's loader when it mounts and whenever the loader changes (its inputs did). A loader sets state only once
 * its request has answered, never synchronously, so this does not cascade renders; pass a stable function
 * (useCallback), or the loader runs on every render.
 */
export function useLoad(load: () => Promise<unknown>): void {
  useEffect(() => {
    void load();
  }, [load]);
}
