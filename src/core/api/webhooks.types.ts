import { z } from 'zod';
import { webhookEventTypes, type WebhookEventType } from '../webhooks/events';

// Outbound webhook endpoints: request shapes shared by the settings page and the server (decision 0013).

export { webhookEventTypes, type WebhookEventType };

export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the URL that should receive the events')
  .max(2000, 'At most 2,000 characters')
  .refine((value) => {
    try {
      const u = new URL(value);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'Enter a full http:// or https:// address, without a user name or password, such as https://crm.example.com/hooks');

const eventsSchema = z
  .array(z.enum(webhookEventTypes, 'Unknown event'))
  .min(1, 'Pick at least one event')
  .transform((events) => [...new Set(events)]);

/** POST /api/teams/:teamId/webhooks */
export const createWebhookEndpointSchema = z.object({
  url: webhookUrlSchema,
  events: eventsSchema,
  description: z.string().trim().max(200, 'At most 200 characters').default(''),
});
export type CreateWebhookEndpointRequest = z.input<typeof createWebhookEndpointSchema>;

/** PATCH /api/teams/:teamId/webhooks/:endpointId */
export const updateWebhookEndpointSchema = z.object({
  url: webhookUrlSchema.optional(),
  events: eventsSchema.optional(),
  description: z.string().trim().max(200, 'At most 200 characters').optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookEndpointRequest = z.input<typeof updateWebhookEndpointSchema>;

/** An endpoint as listed (the secret is never listed: it is shown once, in `CreatedWebhookEndpoint`). */
export type WebhookEndpoint = {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
};
export type CreatedWebhookEndpoint = WebhookEndpoint & { secret: string };

export type WebhookDelivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  replayOf: string | null;
};
