import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api';
import type { FloorPatch, FloorSnapshot } from '../../../core/api/floor.types';
import { applyFloorPatch, applyFloorSnapshot } from '../../../core/floor/floor';

/**
 * `live`: the board follows the stream; `reconnecting`: the stream dropped and the page is getting it back (the
 * figures shown may be behind); `signed-out`: the login session ended, nothing will update until someone signs in;
 * `refused`: the account may no longer see the board (its role or membership changed).
 */
export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'signed-out' | 'refused';

const MAX_RETRY_MS = 30_000;

/**
 * Keeps the live floor current: the snapshot once, then the `floor` pushes of the team's event stream. Every time the
 * stream (re)connects (its `ready` event) or the server says it may have missed changes (`resync`), the snapshot is
 * read again, so a dropped connection costs one read, never a polling loop. A stream the browser gave up on (an
 * error answer) is reopened with a growing delay, after checking the session is still signed in.
 */
export function useFloorFeed(teamId: string): {
  board: FloorSnapshot | null;
  status: FeedStatus;
  /** Server time minus this browser's clock, so timers count from the server's instants. */
  skewMs: number;
} {
  const [board, setBoard] = useState<FloorSnapshot | null>(null);
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const [skewMs, setSkewMs] = useState(0);
  // Pushes that arrive before the first snapshot answers: applied on top of it (they may be newer than its reads).
  const early = useRef<FloorPatch[]>([]);

  useEffect(() => {
    let stopped = false;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let reads = 0;
    let loaded = false;
    const backoff = () => Math.min(MAX_RETRY_MS, 1000 * 2 ** Math.min(failures, 5));
    early.current = [];

    async function resync(): Promise<boolean> {
      const read = ++reads;
      try {
        const snap = await api<FloorSnapshot>('GET', `/api/teams/${teamId}/floor`);
        if (stopped || read !== reads) return true;
        setSkewMs(Date.parse(snap.generatedAt) - Date.now());
        const pending = early.current;
        early.current = [];
        loaded = true;
        // Rows pushed after the snapshot was read are newer than it and stay; everything else comes from it.
        setBoard((prev) =>
          applyFloorSnapshot(
            prev ? [{ agents: prev.agents, campaigns: prev.campaigns, generatedAt: prev.generatedAt }] : pending,
            snap,
          ),
        );
        failures = 0;
        setStatus('live');
        return true;
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 404)) {
          stopped = true;
          source?.close();
          setStatus(e.status === 401 ? 'signed-out' : 'refused');
          return false;
        }
        // The stream is back but the read failed (a restart in progress): try the read again shortly.
        if (!stopped && read === reads) {
          setStatus('reconnecting');
          failures += 1;
          retry = setTimeout(() => void resync(), backoff());
        }
        return true;
      }
    }

    function open() {
      if (stopped) return;
      source = new EventSource(`/api/teams/${teamId}/events?floor=1`);
      source.addEventListener('ready', () => void resync());
      source.addEventListener('resync', () => void resync());
      source.addEventListener('floor', (ev) => {
        const patch = JSON.parse((ev as MessageEvent<string>).data) as FloorPatch;
        if (!loaded) early.current.push(patch);
        else setBoard((prev) => prev && applyFloorPatch(prev, patch));
      });
      source.onerror = () => {
        if (stopped) return;
        setStatus('reconnecting');
        // A network drop: the browser retries by itself. An error answer (the session ended, a restart): it gave up.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          failures += 1;
          retry = setTimeout(() => void resync().then((signedIn) => signedIn && open()), backoff());
        }
      };
    }

    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [teamId]);

  return { board, status, skewMs };
}
