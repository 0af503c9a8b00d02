import type { ServerResponse } from 'node:http';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';

/**
 * Streamed (non-JSON) responses get a body that never fails: when the source throws mid-stream the error goes to
 * `onError` and the connection is cut, so the client sees a broken download. Without this, the Node HTTP adapter's
 * fallback writes "Error: <message>" (a failed query, with its parameters) into the response.
 */
export function guardStreamedBody(onError: (err: unknown) => void) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const res = c.res;
    if (!res.body || res.headers.get('content-type')?.includes('application/json')) return;
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    const reader = res.body.getReader();
    // A client that goes away cancels the body; the read under way then ends and there is nothing left to close or
    // report (before this, every closed event stream or aborted download was reported as an error).
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const r = await reader.read();
          if (cancelled) return;
          if (r.done) controller.close();
          else controller.enqueue(r.value);
        } catch (err) {
          if (cancelled) return;
          onError(err);
          if (outgoing) {
            outgoing.destroy();
            controller.close();
          } else controller.error(new Error('The response failed'));
        }
      },
      cancel: (reason) => {
        cancelled = true;
        return reader.cancel(reason);
      },
    });
    c.res = new Response(body, { status: res.status, headers: res.headers });
  });
}
