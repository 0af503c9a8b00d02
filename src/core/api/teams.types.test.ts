import { describe, expect, it } from 'vitest';
import { emailSchema, passwordSchema, problemWith } from './auth.types';
import { inviteSchema, teamNameSchema } from './teams.types';

describe('the shared team request shapes', () => {
  it('say what to fix, the same words in the browser and on the server', () => {
    expect(problemWith(teamNameSchema, ' a ')).toBe('Team name needs at least 2 characters');
    expect(problemWith(teamNameSchema, 'Acme')).toBeNull();
    expect(problemWith(emailSchema, 'not-an-address')).toBe('Enter a valid e-mail address');
    expect(problemWith(emailSchema, 'ada@example.com')).toBeNull();
    expect(problemWith(passwordSchema, 'short')).toBe('Use at least 10 characters');
    expect(inviteSchema.parse({ email: 'ada@example.com' })).toEqual({ email: 'ada@example.com', role: 'agent' });
    expect(inviteSchema.safeParse({ email: 'ada@example.com', role: 'owner' }).success).toBe(false);
  });
});
