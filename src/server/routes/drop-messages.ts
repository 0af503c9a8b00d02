import { Hono, type Context } from 'hono';
import {
  addDropText,
  chooseCampaignDropMessage,
  chooseDropMessageSchema,
  getDropLibrary,
  newDropTextSchema,
  readDropAudio,
  removeDropMessage,
  uploadDropAudio,
} from '../../app/campaigns/manage-drop-messages';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** The recording upload's raw body streams past the JSON gate, as lead files do (see `isStreamedUpload`). */
export const DROP_AUDIO_UPLOAD = /^\/api\/teams\/[^/]+\/campaigns\/[^/]+\/drop-messages\/audio$/;

function headerText(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Mounted at /api/teams/:teamId/campaigns/:campaignId/drop-messages: the campaign's voicemail-drop library
 * (decision 0029), kept by admins and owners like the rest of the campaign's settings.
 */
export function dropMessageRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  const campaignId = (c: Context<AppEnv>) => idParam(c, 'campaignId', 'No such campaign');
  const dropMessageId = (c: Context<AppEnv>) => idParam(c, 'dropMessageId', 'No such drop message');

  app.get('/', async (c) => c.json(await getDropLibrary(deps, c.get('scope'), campaignId(c))));
  // Words read by the provider's text-to-speech.
  app.post('/', async (c) =>
    c.json(await addDropText(deps, c.get('scope'), campaignId(c), newDropTextSchema.parse(await c.req.json())), 201),
  );
  // A recording: the file is the raw body; its label comes in X-Message-Name (URI-encoded), else the file's name.
  app.post('/audio', async (c) => {
    const length = c.req.header('content-length');
    const label = headerText(c.req.header('x-message-name')) || headerText(c.req.header('x-file-name'));
    const message = await uploadDropAudio(deps, c.get('scope'), {
      campaignId: campaignId(c),
      name: label.replace(/\.(wav|mp3)$/i, ''),
      declaredBytes: length && /^\d+$/.test(length) ? Number(length) : null,
      body: c.req.raw.body,
    });
    return c.json(message, 201);
  });
  app.put('/chosen', async (c) =>
    c.json(
      await chooseCampaignDropMessage(
        deps,
        c.get('scope'),
        campaignId(c),
        chooseDropMessageSchema.parse(await c.req.json()),
      ),
    ),
  );
  // The recording for the settings page's preview player.
  app.get('/:dropMessageId/audio', async (c) => {
    const audio = await readDropAudio(deps, c.get('scope'), campaignId(c), dropMessageId(c));
    const chunks: Uint8Array[] = [];
    for await (const chunk of audio.body) chunks.push(chunk);
    return c.body(Buffer.concat(chunks), 200, {
      'content-type': audio.contentType,
      'cache-control': 'private, no-store',
    });
  });
  app.delete('/:dropMessageId', async (c) => {
    await removeDropMessage(deps, c.get('scope'), campaignId(c), dropMessageId(c));
    return c.body(null, 204);
  });
  return app;
}
