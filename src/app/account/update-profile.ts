import { z } from 'zod';
import { updateUserName } from '../../db/queries/users';
import type { AppDeps } from '../deps';

export const profileSchema = z.object({ name: z.string().trim().min(1, 'Enter your name').max(100) });

export async function updateProfile(deps: AppDeps, userId: string, input: z.infer<typeof profileSchema>) {
  await updateUserName(deps.db, userId, input.name, deps.clock.now());
  return { name: input.name };
}
