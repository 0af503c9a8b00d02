import { afterAll, beforeAll } from 'vitest';
import type { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import type { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { simulatorOnManualClock } from './simulator-clock';
import { createTeamWithAgent, type TeamFixture } from './team-fixture';
import { startTestApp, type TestApp } from './test-app';

export type SimulatorAppOptions = {
  /** Where the manual clock starts (the app's clock and the carrier's). */
  start: Date;
  signingKey: string;
  seed: number;
  /** Name of the team created once the app is up (its owner and agent are signed in). */
  teamName: string;
  /**
   * How `elapse` moves time: in one jump (the default), or in steps of this many seconds, waiting for every webhook
   * after each step so the app's reactions to one event are in place before the next falls due.
   */
  stepSeconds?: number;
};

/**
 * One test file's bed: the app on the carrier simulator on a manual clock, and a team. Its fields are set by the
 * beforeAll this registers (read them inside tests and hooks, not at module load); afterAll stops the simulator's
 * timers, then the app.
 */
export type SimulatorApp = {
  app: TestApp;
  team: TeamFixture;
  scheduler: ManualScheduler;
  simulator: SimulatorTelephony;
  /** Lets `sec` seconds of carrier (and app) time pass and waits for every webhook it caused. */
  elapse(sec: number): Promise<void>;
};

export function useSimulatorApp(opts: SimulatorAppOptions): SimulatorApp {
  const carrier = simulatorOnManualClock(opts.start, { signingKey: opts.signingKey, seed: opts.seed });
  const step = opts.stepSeconds;
  const bed = {
    async elapse(sec: number) {
      if (!step) {
        bed.scheduler.advanceBy(sec * 1000);
        await bed.simulator.idle();
        return;
      }
      for (let done = 0; done < sec; done += step) {
        bed.scheduler.advanceBy(Math.min(step, sec - done) * 1000);
        await bed.simulator.idle();
      }
    },
  } as SimulatorApp;
  beforeAll(async () => {
    bed.app = await startTestApp(carrier.appOptions);
    bed.scheduler = carrier.scheduler;
    bed.simulator = carrier.simulator;
    bed.team = await createTeamWithAgent(bed.app, opts.teamName);
  });
  afterAll(async () => {
    await bed.simulator?.close();
    await bed.app?.stop();
  });
  return bed;
}
