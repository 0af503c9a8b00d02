import { existsSync } from 'node:fs';
import path from 'node:path';

/** Global setup of the browser suite: it serves the built web app, so say how to build it instead of failing later. */
export default function requireWebBuild() {
  if (!existsSync(path.resolve('dist/web/index.html')))
    throw new Error('Build the web app first (npm run test:e2e does)');
}
