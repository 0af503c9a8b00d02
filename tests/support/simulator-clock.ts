import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { inboundRoute } from '../../src/app/telephony/telephony-urls';

/**
 * The carrier simulator on a manual clock that starts at `start`, with one team number, and no cron jobs (on a manual
 * clock the test moves time itself). Pass `appOptions` to `startAppAndBrowser`; `scheduler` and `simulator` exist
 * once the app has started (the app builds its telephony at start-up).
 */
export function simulatorOnManualClock(
  start: Date,
  opts: { signingKey: string; seed: number; routeInboundCalls?: boolean },
) {
  let scheduler: ManualScheduler | undefined;
  let simulator: SimulatorTelephony | undefined;
  const started = <T>(part: T | undefined): T => {
    if (!part) throw new Error('Start the app first: the simulator is built when the app starts');
    return part;
  };
  return {
    appOptions: {
      clock: { now: () => (scheduler ? scheduler.now() : start) },
      env: { JOBS_IN_PROCESS: 'false' },
      telephony: (publicBaseUrl: string) => {
        scheduler = new ManualScheduler(start);
        simulator = new SimulatorTelephony({
          signingKey: opts.signingKey,
          scheduler,
          seed: opts.seed,
          numbers: [{ e164: '+12025550123', friendlyName: 'DC line' }],
          // Calls placed to the team's number reach the app's inbound webhook, as the provider would send them.
          ...(opts.routeInboundCalls ? { inbound: inboundRoute(publicBaseUrl) } : {}),
        });
        return simulator;
      },
    },
    get scheduler() {
      return started(scheduler);
    },
    get simulator() {
      return started(simulator);
    },
  };
}
