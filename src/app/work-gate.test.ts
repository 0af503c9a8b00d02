import { describe, expect, it } from 'vitest';
import { createWorkGate } from './work-gate';

/** A promise the test settles when it chooses. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createWorkGate', () => {
  it('runs at most `active` heavy parts at once and starts a waiting one when a slot frees', async () => {
    const gate = createWorkGate({ active: 2, waiting: 2 });
    const release = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const admittedTasks = release.map((d, i) =>
      gate.tryEnter((slot) =>
        slot(async () => {
          started.push(i);
          await d.promise;
          return i;
        }),
      ),
    );
    await until(() => started.length === 2);
    expect(started).toEqual([0, 1]);
    expect(gate.inside).toBe(3);
    release[0]!.resolve();
    expect(await admittedTasks[0]).toBe(0);
    await until(() => started.length === 3);
    expect(started).toEqual([0, 1, 2]);
    release[1]!.resolve();
    release[2]!.resolve();
    expect(await Promise.all(admittedTasks)).toEqual([0, 1, 2]);
    expect(gate.inside).toBe(0);
  });

  it('turns a task away at once when `active + waiting` are already in, and lets it in again once one leaves', async () => {
    const gate = createWorkGate({ active: 1, waiting: 1 });
    const hold = deferred();
    const first = gate.tryEnter((slot) => slot(() => hold.promise));
    const second = gate.tryEnter((slot) => slot(async () => 'second'));
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    let ran = false;
    expect(gate.tryEnter(async () => (ran = true))).toBeNull();
    expect(ran).toBe(false);
    hold.resolve();
    await first;
    expect(await second).toBe('second');
    expect(await gate.tryEnter(async () => 'again')).toBe('again');
  });

  it('frees the place of a task that fails', async () => {
    const gate = createWorkGate({ active: 1, waiting: 0 });
    await expect(gate.tryEnter((slot) => slot(() => Promise.reject(new Error('boom'))))).rejects.toThrow('boom');
    expect(gate.inside).toBe(0);
    expect(await gate.tryEnter((slot) => slot(async () => 'next'))).toBe('next');
  });
});

/** Waits for a condition that microtasks make true (p-limit starts the next task asynchronously). */
async function until(cond: () => boolean) {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise<void>((r) => setImmediate(r));
  expect(cond()).toBe(true);
}
