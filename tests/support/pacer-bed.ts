import { beforeAll } from 'vitest';
import { useSimulatorApp, type SimulatorApp } from './simulator-app';

/**
 * The predictive pacer's bed (decision 0028): the app on the carrier simulator's manual clock (`useSimulatorApp`),
 * the team's one caller ID with its daily cap lifted (every test's lines go out on it), and time that passes second
 * by second with the agents kept present, as their screens' heartbeats would.
 */
export function usePacerApp(opts: { start: Date; signingKey: string; seed: number; teamName: string }) {
  const bed: SimulatorApp = useSimulatorApp({ ...opts, stepSeconds: 1 });
  beforeAll(async () => {
    await bed.team.owner.post(`/api/teams/${bed.team.teamId}/caller-ids/sync`);
    await q(`update phone_numbers set daily_cap = 100000 where team_id = $1`, [bed.team.teamId]);
  });
  const q = <R extends object = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    bed.app.deps.pool.query<R>(text, values);
  const clock = { now: () => bed.scheduler.now() };
  async function elapse(sec: number) {
    await bed.elapse(sec);
    await q(`update agent_sessions set last_heartbeat = $1 where team_id = $2`, [clock.now(), bed.team.teamId]);
  }
  return { bed, q, clock, elapse };
}
