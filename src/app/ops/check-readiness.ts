import type pg from 'pg';
import { migrationsCurrent } from '../../db/migrate';

/** Ready for traffic: the database answers and every committed migration is applied (any failure: not ready). */
export const isReadyForTraffic = (deps: { pool: pg.Pool }) => migrationsCurrent(deps.pool).catch(() => false);
