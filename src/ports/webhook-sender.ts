/** The answer of one webhook POST: the endpoint's status code, or why there was none. */
export type WebhookSendResult = { status: number; error: null } | { status: null; error: string };

/** Sends outbound webhooks over HTTP(S), refusing addresses the configuration does not allow (SSRF). */
export interface WebhookSender {
  /** Why the URL may not receive webhooks (a private address, a name that does not resolve), or null when it may. */
  checkUrl(url: string): Promise<string | null>;
  post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookSendResult>;
}
