import { seededRandom } from '../../src/adapters/simulator/random';

/** The simulator's seeded generator with the draws the randomised tests make: the same sequence every run. */
export function seededDraws(seed: number) {
  const next = seededRandom(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
  };
}
