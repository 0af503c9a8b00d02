import { describe, expect, it } from 'vitest';
import { waitForFloor } from './response-floor';

describe('waitForFloor', () => {
  it('waits out the rest of the floor, and not at all once it has passed', async () => {
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
    };
    await waitForFloor(1000, 300, () => 1040, sleep);
    await waitForFloor(1000, 300, () => 1300, sleep);
    await waitForFloor(1000, 300, () => 1900, sleep);
    expect(slept).toEqual([260]);
  });
});
