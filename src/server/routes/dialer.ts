import { hostname } from 'node:os';
import { Hono } from 'hono';
import { z } from 'zod';
import { audioKinds } from '../../core/dialer/agent-audio';
import { agentHeartbeat } from '../../app/dialer/agent-heartbeat';
import { dialLead } from '../../app/dialer/dial-lead';
import { dropVoicemail } from '../../app/dialer/drop-voicemail';
import { getDialerState } from '../../app/dialer/get-dialer-state';
import { serveNextLead } from '../../app/dialer/serve-next-lead';
import { goReady } from '../../app/dialer/go-ready';
import { pauseAgent } from '../../app/dialer/pause-agent';
import { redialBrowserLeg } from '../../app/dialer/redial-browser-leg';
import { refreshBrowserToken } from '../../app/dialer/refresh-browser-token';
import { recordDisposition } from '../../app/dialer/record-disposition';
import { skipLead } from '../../app/dialer/skip-lead';
import type { AppEnv, ServerDeps } from '../context';
import { requireAccess } from '../middleware/require-access';

/** Which instance holds an agent's connection (diagnostics only: every instance can serve every agent). */
const INSTANCE = `${hostname()}:${process.pid}`;

// The agent's audio choice on a real carrier: the kind, and the phone or SIP address typed any way (checked in goReady).
const readySchema = z.object({
  campaignId: z.uuid(),
  audioKind: z.enum(audioKinds).nullish(),
  linePhone: z.string().max(40).nullish(),
  sipAddress: z.string().max(200).nullish(),
});
const pauseSchema = z.object({ to: z.enum(['paused', 'offline']).default('paused') });

async function body(c: { req: { text: () => Promise<string> } }): Promise<unknown> {
  const text = await c.req.text();
  return text.trim() === '' ? {} : JSON.parse(text);
}

/**
 * The agent's dialing loop, mounted at /api/teams/:teamId/dialer behind the team-scope middleware. Every route
 * acts on the caller's own session only. Hang-up and recording controls are the calls routes'.
 */
export function dialerRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => c.json(await getDialerState(deps, c.get('scope'))));

  // 402 when the team may not dial or every paid seat is taken.
  app.post('/ready', async (c) => {
    const input = readySchema.parse(await body(c));
    return c.json(await goReady(deps, c.get('scope'), { ...input, instance: INSTANCE }));
  });

  app.post('/pause', async (c) => c.json(await pauseAgent(deps, c.get('scope'), pauseSchema.parse(await body(c)))));

  app.post('/heartbeat', async (c) => c.json(await agentHeartbeat(deps, c.get('scope'), { instance: INSTANCE })));

  // The browser leg dials again (page reload, lost leg) with a fresh one-time address, or renews its token.
  app.post('/browser-leg', async (c) => c.json(await redialBrowserLeg(deps, c.get('scope'))));
  app.post('/browser-leg/token', async (c) => c.json(await refreshBrowserToken(deps, c.get('scope'))));

  app.post('/next', async (c) => c.json(await serveNextLead(deps, c.get('scope'))));

  app.post('/skip', async (c) => c.json(await skipLead(deps, c.get('scope'))));

  app.post('/dial', requireAccess(deps, 'dial'), async (c) => c.json(await dialLead(deps, c.get('scope'))));

  // The agent heard a machine: the campaign's drop message plays into the call and the agent moves on at once.
  app.post('/drop-voicemail', async (c) => c.json(await dropVoicemail(deps, c.get('scope'))));

  app.post('/disposition', async (c) => c.json(await recordDisposition(deps, c.get('scope'), await body(c))));

  return app;
}
