import type { Role } from './roles';

/**
 * The caller's verified membership. Produced in one place (the team-scope middleware, after a
 * database check) and passed to every team-data query, which filters by `teamId`.
 */
export type TeamScope = { teamId: string; userId: string; role: Role };
