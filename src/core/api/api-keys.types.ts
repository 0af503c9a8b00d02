import { z } from 'zod';

// API keys' request and response shapes, shared by the server's routes and the settings page (decision 0013).

export const apiKeyAccessValues = ['read', 'read_write'] as const;
export type ApiKeyAccess = (typeof apiKeyAccessValues)[number];

/** POST /api/teams/:teamId/api-keys */
export const createApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the key a name, e.g. the system that will use it')
    .max(80, 'At most 80 characters'),
  access: z.enum(apiKeyAccessValues, { message: 'Choose read or read and write' }),
});
export type CreateApiKeyRequest = z.input<typeof createApiKeySchema>;

/** A key as listed; the secret itself is never listed. */
export type ApiKeyView = {
  id: string;
  name: string;
  /** The first characters of the key, to recognise it. */
  prefix: string;
  access: ApiKeyAccess;
  createdAt: string;
  createdByName: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** The answer to creating a key: the only time the whole key is shown. */
export type CreatedApiKey = { key: ApiKeyView; secret: string };
