import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { hasRole } from '../../core/teams/roles';
import type { AppEnv, ServerDeps } from '../context';
import type { RealtimeEvent } from '../realtime';

export const HEARTBEAT_MS = 15_000;

/**
 * GET /api/teams/:teamId/events — Server-Sent Events: each change of a call the caller may see (agents: their own
 * calls; admins: the team's), pushed from this instance's LISTEN connection whichever instance took the webhook.
 * A heartbeat comment keeps proxies from closing an idle stream; the subscription ends with the connection.
 * With `?floor=1` (owners and admins) it also carries `floor` events: the live floor's rows each change touched.
 */
export function eventRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const scope = c.get('scope');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const pending: RealtimeEvent[] = [];
      let wake: (() => void) | null = null;
      let closing = false;
      const unsubscribe = deps.realtime.subscribe({
        teamId: scope.teamId,
        userId: scope.userId,
        seesAllCalls: hasRole(scope.role, 'admin'),
        // The live floor's pushes, for owners and admins who ask (the wallboard); ignored for agents.
        floor: hasRole(scope.role, 'admin') && c.req.query('floor') === '1',
        send: (event) => {
          pending.push(event);
          wake?.();
        },
        close: () => {
          closing = true;
          wake?.();
        },
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ teamId: scope.teamId }) });
      try {
        while (!closing && !stream.aborted && !stream.closed) {
          if (pending.length === 0) {
            let timer: NodeJS.Timeout | undefined;
            await new Promise<void>((resolve) => {
              wake = resolve;
              timer = setTimeout(resolve, HEARTBEAT_MS);
            });
            clearTimeout(timer);
            wake = null;
            if (pending.length === 0 && !closing && !stream.aborted) await stream.write(': heartbeat\n\n');
            continue;
          }
          const next = pending.shift();
          if (next) await stream.writeSSE({ event: next.event, data: JSON.stringify(next.data) });
        }
      } finally {
        unsubscribe();
      }
    });
  });
  return app;
}
