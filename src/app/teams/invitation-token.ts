import { createHash, randomBytes } from 'node:crypto';

export function newInvitationToken() {
  const token = randomBytes(24).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string) {
  return createHash('sha256').update(token).digest('hex');
}
