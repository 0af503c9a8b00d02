import { z } from 'zod';
import { hasControlCharacters } from '../../core/input';
import { updateUserName } from '../../db/queries/users';
import type { AppDeps } from '../deps';

// A name shows in lists, e-mails to teammates and CSV exports: one line of printable text.
export const profileSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter your name')
    .max(100, 'Use at most 100 characters')
    .refine((n) => !hasControlCharacters(n), 'Use one line of text without control characters'),
});

export async function updateProfile(deps: AppDeps, userId: string, input: z.infer<typeof profileSchema>) {
  await updateUserName(deps.db, userId, input.name, deps.clock.now());
  return { name: input.name };
}
