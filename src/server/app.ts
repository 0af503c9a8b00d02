import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, ServerDeps } from './context';
import { errorBody, handleError } from './errors';
import { clientInfo } from './middleware/client-info';
import { csrfProtection } from './middleware/csrf';
import { jsonBody } from './middleware/json-body';
import { guardStreamedBody } from './middleware/stream-guard';
import { scrubText } from '../core/privacy/scrub';
import { securityHeaders } from './middleware/security-headers';
import { loginSessionMiddleware } from './middleware/login-session';
import { countFeatureUse } from './middleware/usage';
import { operatorRoutes } from './routes/operator';
import { analyticsRoutes, policyRoutes } from './routes/policy';
import { authRoutes } from './routes/auth';
import { campaignRoutes } from './routes/campaigns';
import { dncRoutes } from './routes/dnc';
import { importRoutes, isStreamedUpload } from './routes/imports';
import { leadRoutes } from './routes/leads';
import { accessRoutes, billingRoutes } from './routes/billing';
import { devMailRoutes } from './routes/dev-mail';
import { exportRoutes } from './routes/exports';
import { healthRoutes } from './routes/health';
import { invitationRoutes } from './routes/invitations';
import { meRoutes, loginSessionRoutes } from './routes/me';
import { publicRoutes } from './routes/public';
import { teamRoutes } from './routes/teams';
import { apiKeyRoutes } from './routes/api-keys';
import { v1Routes } from './routes/api-v1';
import { leadDripIngestRoutes, leadDripRoutes } from './routes/lead-drip';
import { dropMessageRoutes } from './routes/drop-messages';
import { agentTokenRoutes, callRoutes } from './routes/calls';
import { callerIdRoutes } from './routes/caller-ids';
import { webhookEndpointRoutes } from './routes/webhook-endpoints';
import { eventRoutes } from './routes/events';
import { dialerRoutes } from './routes/dialer';
import { callLogRoutes, dashboardRoutes } from './routes/call-log';
import { floorRoutes } from './routes/floor';
import { reportRoutes } from './routes/reports';
import { staticRoutes } from './static';
import { signalWireWebhookRoutes } from './webhooks/signalwire';
import { stripeWebhookRoutes } from './webhooks/stripe';

export function createServerApp(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.onError((err, c) =>
    handleError(err, c, deps.log, (e) => deps.reporter.captureException(e, { route: c.req.routePath })),
  );

  app.use('*', securityHeaders(deps.server.isProduction, deps.server.connectSources));
  app.use('*', clientInfo(deps.server.trustProxy));
  app.route('/', healthRoutes(deps));
  // Provider webhooks sit outside /api: no session or CSRF; the signature over the raw body authenticates them.
  app.route('/webhooks/stripe', stripeWebhookRoutes(deps));
  app.route('/webhooks/signalwire', signalWireWebhookRoutes(deps));
  // Lead vendors post to a campaign's drip URL: the token in the path authenticates them.
  app.route('/ingest/leads', leadDripIngestRoutes(deps));
  const peer = deps.simulatorPeer;
  if (peer) {
    // The simulator's instance-to-instance channel, authenticated by its HMAC (no session, no CSRF).
    app.post('/webhooks/simulator/peer', async (c) => {
      const r = await peer({ body: await c.req.text(), signature: c.req.header('x-simulator-peer') });
      return c.json(r.json as object, r.status as 200);
    });
  }

  const api = new Hono<AppEnv>();
  api.use(
    '*',
    guardStreamedBody((err) => {
      deps.log.error(
        { err: err instanceof Error ? { name: err.name, message: scrubText(err.message) } : 'unknown' },
        'streamed response failed',
      );
      deps.reporter.captureException(err, { route: 'stream' });
    }),
  );
  const jsonBodyLimit = bodyLimit({
    maxSize: deps.server.maxJsonBodyBytes,
    onError: (c) => c.json(errorBody('invalid_input', 'Request body too large'), 413),
  });
  // Lead files stream to disk under their own limit (IMPORT_MAX_FILE_BYTES), enforced as bytes arrive.
  api.use('*', (c, next) => (isStreamedUpload(c.req.method, c.req.path) ? next() : jsonBodyLimit(c, next)));
  // Bad JSON, a non-object body, a wrong Content-Type or a NUL character answer 400/415 here, before any route.
  api.use(
    '*',
    jsonBody({ passThrough: (method, path) => isStreamedUpload(method, path) || path.startsWith('/api/auth/') }),
  );
  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  // The public API authenticates by API key, never by cookie: it is mounted before the login-session and CSRF layers.
  api.route('/v1', v1Routes(deps));
  api.use('*', loginSessionMiddleware(deps));
  api.route('/auth', authRoutes(deps));
  api.route('/public', publicRoutes(deps));
  api.route('/public/policy', policyRoutes(deps));
  api.use('*', csrfProtection(deps.server.csrfSecret));
  api.use('*', countFeatureUse(deps));
  api.route('/analytics', analyticsRoutes(deps));
  api.route('/operator', operatorRoutes(deps));
  api.route('/session', loginSessionRoutes(deps));
  api.route('/me', meRoutes(deps));
  api.route('/teams', teamRoutes(deps));
  // Feature routes under /api/teams/:teamId/…: the team-scope middleware registered by teamRoutes runs first.
  api.route('/teams/:teamId/campaigns', campaignRoutes(deps));
  api.route('/teams/:teamId/exports', exportRoutes(deps));
  api.route('/teams/:teamId', importRoutes(deps));
  api.route('/teams/:teamId/dnc', dncRoutes(deps));
  api.route('/teams/:teamId/leads', leadRoutes(deps));
  api.route('/teams/:teamId/calls', callRoutes(deps));
  api.route('/teams/:teamId/agent-token', agentTokenRoutes(deps));
  api.route('/teams/:teamId/caller-ids', callerIdRoutes(deps));
  api.route('/teams/:teamId/events', eventRoutes(deps));
  api.route('/teams/:teamId/billing', billingRoutes(deps));
  api.route('/teams/:teamId/access', accessRoutes(deps));
  api.route('/teams/:teamId/dialer', dialerRoutes(deps));
  api.route('/teams/:teamId/call-log', callLogRoutes(deps));
  api.route('/teams/:teamId/dashboard', dashboardRoutes(deps));
  api.route('/teams/:teamId/floor', floorRoutes(deps));
  api.route('/teams/:teamId/webhooks', webhookEndpointRoutes(deps));
  api.route('/teams/:teamId/reports', reportRoutes(deps));
  api.route('/teams/:teamId/api-keys', apiKeyRoutes(deps));
  api.route('/teams/:teamId/campaigns/:campaignId/drip', leadDripRoutes(deps));
  api.route('/teams/:teamId/campaigns/:campaignId/drop-messages', dropMessageRoutes(deps));
  api.route('/invitations', invitationRoutes(deps));
  if (!deps.server.isProduction) api.route('/dev/mail', devMailRoutes(deps));
  api.all('*', (c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404));
  app.route('/api', api);

  app.route('/', staticRoutes(deps.server.webDistDir));
  return app;
}
