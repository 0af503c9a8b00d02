import pLimit from 'p-limit';

/** Runs `work` once one of the gate's slots is free. */
export type Slot = <T>(work: () => Promise<T>) => Promise<T>;

export type WorkGate = {
  /**
   * Lets `task` in when fewer than `active + waiting` tasks are in, else answers null at once (the caller refuses
   * the request). The task does its light part (reading a body) right away and its heavy part inside `slot`.
   */
  tryEnter<T>(task: (slot: Slot) => Promise<T>): Promise<T> | null;
  /** Tasks in (running or waiting for a slot), for tests and metrics. */
  readonly inside: number;
};

/**
 * Bounded concurrency for heavy requests in this process: at most `active` run their heavy part at once, at most
 * `waiting` more wait for a slot, and any beyond are turned away. Memory then grows with `active` (parsed
 * payloads, result sets) rather than with how many clients send at once, and the database is not handed more
 * concurrent batches than it can work on.
 */
export function createWorkGate(opts: { active: number; waiting: number }): WorkGate {
  const limit = pLimit(opts.active);
  let inside = 0;
  return {
    tryEnter(task) {
      if (inside >= opts.active + opts.waiting) return null;
      inside++;
      const slot: Slot = (work) => limit(work);
      return task(slot).finally(() => {
        inside--;
      });
    },
    get inside() {
      return inside;
    },
  };
}
