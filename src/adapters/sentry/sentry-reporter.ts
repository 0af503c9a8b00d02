import {
  NodeClient,
  Scope,
  defaultStackParser,
  linkedErrorsIntegration,
  makeNodeTransport,
  requestDataIntegration,
} from '@sentry/node';
import type { ErrorContext, ErrorReporter } from '../../ports/error-reporter';
import { scrubValue } from '../../core/privacy/scrub';
import { scrubBreadcrumb, scrubEvent } from './scrub-event';

export type SentryReporterOptions = {
  dsn: string;
  environment: string;
  release?: string;
};

export type SentryBreadcrumb = {
  category: string;
  message?: string;
  level?: 'debug' | 'info' | 'warning' | 'error';
  data?: Record<string, unknown>;
};

export interface SentryReporter extends ErrorReporter {
  /** Context for the next reports ("GET https://api…/Calls"), scrubbed like everything else. */
  addBreadcrumb(crumb: SentryBreadcrumb): void;
  /** Sends what is queued, then releases the client's timers and listeners. */
  close(timeoutMs: number): Promise<boolean>;
}

/**
 * An isolated Sentry client: its own `NodeClient` and `Scope`, never registered as the global client, so the app and
 * tests can hold several and nothing else in the process reports through it by accident.
 *
 * Integrations are chosen by hand instead of the SDK defaults. The defaults hook process-wide machinery (http and
 * fetch instrumentation, console, local variables, source context lines) that needs preloading under ESM and would
 * report to the global client anyway, not to this one; we capture explicitly through the port, so none is needed.
 * In particular no http integration is installed: nothing collects incoming request bodies, headers or cookies (in
 * SDK 11 its body option is named `maxRequestBodySize`, and `dataCollection.httpBodies: []` below turns it off too).
 */
export function createSentryReporter(options: SentryReporterOptions): SentryReporter {
  const client = new NodeClient({
    dsn: options.dsn,
    environment: options.environment,
    ...(options.release === undefined ? {} : { release: options.release }),
    // SDK 11 removed `sendDefaultPii`; `dataCollection` replaces it, and its defaults collect headers, cookies, query
    // strings, bodies and user info. Everything personal is off.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      stackFrameVariables: false,
      frameContextLines: 0,
      databaseQueryData: false,
      queues: false,
      graphQL: { document: false, variables: false },
      genAI: { inputs: false, outputs: false },
      mcp: { inputs: false, outputs: false },
    },
    includeLocalVariables: false,
    // Module-loader hooks for auto-instrumentation: process-wide, and unused here.
    enableRuntimeChannelInjection: false,
    integrations: [
      // `include` is deprecated in favour of `dataCollection`, but `data` has no dataCollection twin: request bodies
      // already on a scope would still be attached without it.
      requestDataIntegration({
        include: { cookies: false, data: false, headers: false, query_string: false, ip: false },
      }),
      // error.cause chains; their messages are scrubbed like the top one.
      linkedErrorsIntegration(),
    ],
    transport: makeNodeTransport,
    stackParser: defaultStackParser,
    beforeSend: (event) => scrubEvent(event),
    beforeBreadcrumb: (crumb) => scrubBreadcrumb(crumb),
  });
  client.init();

  const scope = new Scope();
  scope.setClient(client);

  return {
    captureException(err: unknown, context?: ErrorContext): void {
      try {
        const eventScope = scope.clone();
        if (context?.route !== undefined) eventScope.setTag('route', context.route);
        // Scrubbed here as well as in beforeSend, so raw values never sit in the SDK's queue.
        if (context?.extra) eventScope.setExtras(scrubValue(context.extra) as Record<string, unknown>);
        eventScope.captureException(err);
      } catch {
        // Reporting must never turn one failure into two.
      }
    },
    addBreadcrumb(crumb: SentryBreadcrumb): void {
      // Scope breadcrumbs bypass `beforeBreadcrumb` (only the global helper calls it), so apply it here.
      scope.addBreadcrumb(scrubBreadcrumb(crumb));
    },
    flush: (timeoutMs) => Promise.resolve(client.flush(timeoutMs)),
    close: (timeoutMs) => Promise.resolve(client.close(timeoutMs)),
  };
}
