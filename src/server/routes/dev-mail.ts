import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { listDevOutbox } from '../../app/ops/read-dev-outbox';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';
import { isOperator } from '../middleware/operator';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The outbox holds password-reset and verification links, so it is for the machine's own user: a request from
 * the loopback interface that no proxy forwarded (a proxy or tunnel on the same machine connects from loopback
 * too, but adds Forwarded/X-Forwarded-For), or a signed-in operator with a verified address.
 */
function localOrOperator(deps: ServerDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let socketIp = '';
    try {
      socketIp = getConnInfo(c).remote.address ?? '';
    } catch {
      socketIp = '';
    }
    const forwarded = c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined;
    const local = LOOPBACK.test(socketIp) && !forwarded;
    const user = c.get('user');
    if (local || (user && isOperator(deps, user))) return next();
    return c.json(
      errorBody('forbidden', 'The development outbox is readable only on this machine or by an operator'),
      403,
    );
  });
}

/** The embedded outbox, readable outside production so a fresh machine can follow invite and reset links. */
export function devMailRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', localOrOperator(deps));
  app.get('/', async (c) => c.json({ messages: await listDevOutbox(deps) }));
  return app;
}
