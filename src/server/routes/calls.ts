import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { getCallRecording } from '../../app/calls/get-call-recording';
import { hangUpCall } from '../../app/dialer/hang-up-call';
import { mintAgentToken } from '../../app/telephony/mint-agent-token';
import { setCallRecording } from '../../app/calls/set-call-recording';
import type { RecordingMedia } from '../../ports/telephony';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';
import { idParam } from '../params';

const recordingActionSchema = z.object({ action: z.enum(['pause', 'resume', 'stop']) });
const agentTokenSchema = z.object({
  agentSessionId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w.:-]+$/, 'Letters, digits and . _ : - only')
    .optional(),
});

/** Mounted at /api/teams/:teamId/calls, behind the team-scope middleware. Agents reach only their own calls. */
export function callRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();

  app.post('/:callId/hang-up', async (c) =>
    c.json(await hangUpCall(deps, c.get('scope'), idParam(c, 'callId', 'No such call'))),
  );

  app.post('/:callId/recording', async (c) => {
    const { action } = recordingActionSchema.parse(await c.req.json());
    return c.json(
      await setCallRecording(deps, c.get('scope'), { callId: idParam(c, 'callId', 'No such call'), action }),
    );
  });

  // The audio streams from the provider through here: its URL never reaches the browser.
  app.get('/:callId/recording', async (c) => recordingResponse(deps, c, idParam(c, 'callId', 'No such call')));
  return app;
}

/** POST /api/teams/:teamId/agent-token: the browser credential for the agent's audio leg. */
export function agentTokenRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    const text = await c.req.text();
    const input = agentTokenSchema.parse(text.trim() === '' ? {} : JSON.parse(text));
    return c.json(await mintAgentToken(deps, c.get('scope'), input), 201);
  });
  return app;
}

/** A call's recording as a response (whole, or the range an audio element asks for); shared with /api/v1. */
export async function recordingResponse(deps: ServerDeps, c: Context<AppEnv>, callId: string) {
  const result = await getCallRecording(deps, c.get('scope'), callId);
  if (result.status === 'gone') {
    const why =
      result.reason === 'expired' ? 'Recordings are deleted 30 days after the call' : 'The recording was deleted';
    return c.json(errorBody('gone', why), 410);
  }
  const { media } = result;
  const size = media.sizeBytes;
  c.header('Content-Type', 'audio/wav');
  c.header('Cache-Control', 'private, no-store');
  c.header('Accept-Ranges', size === undefined ? 'none' : 'bytes');
  if (c.req.query('download') === '1') c.header('Content-Disposition', `attachment; filename="call-${callId}.wav"`);
  const range = size === undefined ? null : parseRange(c.req.header('range'), size);
  if (range === 'unsatisfiable') {
    await discard(media);
    c.header('Content-Range', `bytes */${size}`);
    return c.body(null, 416);
  }
  if (range) {
    c.status(206);
    c.header('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    c.header('Content-Length', String(range.end - range.start + 1));
  } else if (size !== undefined) {
    c.header('Content-Length', String(size));
  }
  return stream(c, async (out) => {
    const source = toAsyncIterable(media);
    let offset = 0;
    const start = range ? range.start : 0;
    const end = range ? range.end + 1 : Infinity;
    for await (const chunk of source) {
      const from = Math.max(start - offset, 0);
      const to = Math.min(end - offset, chunk.byteLength);
      offset += chunk.byteLength;
      if (to > from) await out.write(chunk.subarray(from, to));
      if (offset >= end) break;
    }
  });
}

/** One `bytes=a-b` range (what audio elements send); anything else gets the whole file. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  let start: number;
  let end: number;
  if (a === '') {
    start = Math.max(size - Number(b), 0);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

function toAsyncIterable(media: RecordingMedia): AsyncIterable<Uint8Array> {
  const body = media.body;
  if (Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array>;
  return Readable.fromWeb(body as NodeReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>;
}

async function discard(media: RecordingMedia): Promise<void> {
  const body = media.body as { cancel?: () => Promise<void>; destroy?: () => void; return?: () => Promise<unknown> };
  if (typeof body.cancel === 'function') await body.cancel().catch(() => {});
  else if (typeof body.destroy === 'function') body.destroy();
  else if (typeof body.return === 'function') await body.return().catch(() => {});
}
