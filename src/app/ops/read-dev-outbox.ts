import { listOutbox } from '../../db/queries/outbox';
import type { AppDeps } from '../deps';

/** The newest 100 messages of the embedded outbox (mounted outside production only). */
export const listDevOutbox = (deps: Pick<AppDeps, 'db'>) => listOutbox(deps.db, 100);
