import { describe, expect, it } from 'vitest';
import { SETTLE_MS, splitSettled } from './settled-window';

const at = (iso: string) => new Date(iso);
const ms = (r: { from: Date; to: Date }) => r.to.getTime() - r.from.getTime();

describe('splitSettled', () => {
  it('keeps whole settled hours apart from a partial first hour and the recent hours', () => {
    const window = { from: at('2026-11-06T09:20:00Z'), to: at('2026-12-06T09:41:00.001Z') };
    const split = splitSettled(window);
    expect(split.settled).toEqual({ from: at('2026-11-06T10:00:00Z'), to: at('2026-12-06T07:00:00Z') });
    expect(split.edges).toEqual([
      { from: window.from, to: at('2026-11-06T10:00:00Z') },
      { from: at('2026-12-06T07:00:00Z'), to: window.to },
    ]);
    // The parts tile the window: nothing counted twice, nothing left out.
    const total = ms(split.settled!) + split.edges.reduce((s, e) => s + ms(e), 0);
    expect(total).toBe(ms(window));
    // The recent edge reaches back past the settling time.
    expect(window.to.getTime() - split.edges[1]!.from.getTime()).toBeGreaterThanOrEqual(SETTLE_MS);
  });

  it('has no first edge when the window starts on the hour', () => {
    const split = splitSettled({ from: at('2026-11-06T10:00:00Z'), to: at('2026-11-06T15:30:00Z') });
    expect(split.settled).toEqual({ from: at('2026-11-06T10:00:00Z'), to: at('2026-11-06T13:00:00Z') });
    expect(split.edges).toEqual([{ from: at('2026-11-06T13:00:00Z'), to: at('2026-11-06T15:30:00Z') }]);
  });

  it('counts a young window whole, every time', () => {
    const window = { from: at('2026-12-06T08:10:00Z'), to: at('2026-12-06T10:30:00Z') };
    expect(splitSettled(window)).toEqual({ settled: null, edges: [window] });
  });
});
