import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from './context';

/** Serves the built SPA; any other GET falls back to index.html so client-side routes work on reload. */
export function staticRoutes(distDir: string | null) {
  const app = new Hono<AppEnv>();
  const index =
    distDir && existsSync(path.join(distDir, 'index.html'))
      ? readFileSync(path.join(distDir, 'index.html'), 'utf8')
      : null;
  if (!distDir || !index) {
    app.get('*', (c) => c.text('The web app is not built. Run `npm run build:web` (npm start does it for you).', 503));
    return app;
  }
  const root = path.relative(process.cwd(), distDir) || '.';
  app.use(
    '/assets/*',
    serveStatic({ root, onFound: (_p, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable') }),
  );
  // The service worker and the manifest are checked for a new version on each visit: never kept by the HTTP cache.
  const revalidate = serveStatic({ root, onFound: (_p, c) => c.header('Cache-Control', 'no-cache') });
  app.use('/sw.js', revalidate);
  app.use('/manifest.webmanifest', revalidate);
  app.use('*', serveStatic({ root }));
  app.get('*', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(index);
  });
  return app;
}
