import type { Breadcrumb, Event, Exception, StackFrame } from '@sentry/node';
import { scrubText, scrubValue } from '../../core/privacy/scrub';

/**
 * The last line before an event leaves the process (Sentry's `beforeSend`): whatever an integration, the isolation
 * scope or a caller put on it, only stack traces and scrubbed text go out.
 */

/** Query strings and fragments carry e-mails, phones and tokens; the path is enough to debug. */
export function stripQuery(url: string): string {
  const q = url.indexOf('?');
  const h = url.indexOf('#');
  const end = Math.min(q === -1 ? url.length : q, h === -1 ? url.length : h);
  return url.slice(0, end);
}

const asRecord = (v: unknown): Record<string, unknown> => v as Record<string, unknown>;

function scrubFrame(frame: StackFrame): StackFrame {
  // Local variables hold whatever the code held (a lead, a request): never sent, whatever integrations run.
  const { vars: _vars, pre_context, context_line, post_context, ...rest } = frame;
  return {
    ...rest,
    ...(pre_context ? { pre_context: pre_context.map(scrubText) } : {}),
    ...(context_line === undefined ? {} : { context_line: scrubText(context_line) }),
    ...(post_context ? { post_context: post_context.map(scrubText) } : {}),
  };
}

function scrubException(ex: Exception): Exception {
  const out: Exception = { ...ex };
  if (ex.value !== undefined) out.value = scrubText(ex.value);
  if (ex.stacktrace?.frames) out.stacktrace = { ...ex.stacktrace, frames: ex.stacktrace.frames.map(scrubFrame) };
  if (ex.mechanism?.data) {
    // Still strings and booleans: scrubbing maps strings to strings and only drops keys.
    out.mechanism = { ...ex.mechanism, data: scrubValue(ex.mechanism.data) as Record<string, string | boolean> };
  }
  return out;
}

export function scrubBreadcrumb(crumb: Breadcrumb): Breadcrumb {
  const out: Breadcrumb = { ...crumb };
  if (crumb.message !== undefined) out.message = scrubText(crumb.message);
  if (crumb.data) {
    const data: Record<string, unknown> = { ...crumb.data };
    // http breadcrumbs keep the query apart too ("http.query"); navigation ones use from/to.
    delete data['http.query'];
    delete data['http.fragment'];
    for (const key of ['url', 'from', 'to']) {
      const value = data[key];
      if (typeof value === 'string') data[key] = stripQuery(value);
    }
    out.data = asRecord(scrubValue(data));
  }
  return out;
}

export function scrubEvent<E extends Event>(event: E): E {
  const out: E = { ...event };
  if (event.request) {
    // Bodies, cookies, headers, query strings and the environment are dropped whole, not scrubbed: no pattern list
    // is complete enough for a request body.
    const { url, method } = event.request;
    out.request = {
      ...(url === undefined ? {} : { url: scrubText(stripQuery(url)) }),
      ...(method === undefined ? {} : { method }),
    };
  }
  if (event.user) {
    // Only our opaque user id may identify anyone; no IP address, e-mail or name.
    const { id } = event.user;
    if (id === undefined) delete out.user;
    else out.user = { id };
  }
  if (event.message !== undefined) out.message = scrubText(event.message);
  if (event.logentry) out.logentry = asRecord(scrubValue(event.logentry));
  if (event.exception?.values)
    out.exception = { ...event.exception, values: event.exception.values.map(scrubException) };
  if (event.extra) out.extra = asRecord(scrubValue(event.extra));
  if (event.contexts) out.contexts = asRecord(scrubValue(event.contexts)) as E['contexts'];
  if (event.tags) out.tags = asRecord(scrubValue(event.tags)) as E['tags'];
  if (event.breadcrumbs) out.breadcrumbs = event.breadcrumbs.map(scrubBreadcrumb);
  if (event.transaction !== undefined) out.transaction = scrubText(event.transaction);
  return out;
}
