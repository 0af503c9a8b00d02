import { z } from 'zod';
import { updateUserName } from '../../db/queries/users';
import type { AppDeps } from '../deps';

// A name shows in lists, e-mails to teammates and CSV exports: one line of printable text.
export const profileSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter your name')
    .max(100, 'Use at most 100 characters')
    // eslint-disable-next-line no-control-regex -- the point is to refuse control characters
    .refine((n) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(n), 'Use one line of text without control characters'),
});

export async function updateProfile(deps: AppDeps, userId: string, input: z.infer<typeof profileSchema>) {
  await updateUserName(deps.db, userId, input.name, deps.clock.now());
  return { name: input.name };
}
