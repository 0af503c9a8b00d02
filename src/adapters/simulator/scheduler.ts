/**
 * Where the simulator's time comes from. In the product it is the wall clock with real timers; tests (and any
 * caller wanting a replayable run) use ManualScheduler and move time on explicitly, without sleeping.
 */
import type { Clock } from '../../ports/clock';

export interface SimulatorScheduler extends Clock {
  /** Monotonic milliseconds from an arbitrary origin, sub-millisecond: simulated time is derived from this. */
  elapsedMs(): number;
  /** Runs `task` once, `delayMs` of this scheduler's time from now; returns a cancel function. */
  setTimer(delayMs: number, task: () => void): () => void;
}

export function realtimeScheduler(): SimulatorScheduler {
  return {
    now: () => new Date(),
    // Monotonic and finer than Date: at speed 60 one millisecond is already 60 simulated ones.
    elapsedMs: () => performance.now(),
    setTimer(delayMs, task) {
      const timer = setTimeout(task, Math.max(0, delayMs));
      // Simulated calls must never keep a process alive on their own.
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}

type Timer = { at: number; order: number; task: () => void; cancelled: boolean };

export class ManualScheduler implements SimulatorScheduler {
  readonly #start: number;
  #now = 0;
  #order = 0;
  #timers: Timer[] = [];

  constructor(start: Date = new Date('2030-01-01T12:00:00Z')) {
    this.#start = start.getTime();
  }

  now(): Date {
    return new Date(this.#start + this.#now);
  }

  elapsedMs(): number {
    return this.#now;
  }

  setTimer(delayMs: number, task: () => void): () => void {
    const timer: Timer = { at: this.#now + Math.max(0, delayMs), order: this.#order++, task, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way (in time order, ties in order set). */
  advanceBy(ms: number): void {
    const end = this.#now + Math.max(0, ms);
    for (let next = this.#due(end); next; next = this.#due(end)) this.#run(next);
    this.#now = end;
  }

  /** Jumps to the next pending timer and runs it; false when nothing is pending. */
  runNext(): boolean {
    const next = this.#due(Infinity);
    if (!next) return false;
    this.#run(next);
    return true;
  }

  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  #due(until: number): Timer | undefined {
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    let best: Timer | undefined;
    for (const t of this.#timers) {
      if (t.at <= until && (!best || t.at < best.at || (t.at === best.at && t.order < best.order))) best = t;
    }
    return best;
  }

  #run(timer: Timer): void {
    timer.cancelled = true;
    this.#now = Math.max(this.#now, timer.at);
    timer.task();
  }
}
