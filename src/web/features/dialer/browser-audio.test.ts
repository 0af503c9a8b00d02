import { describe, expect, it } from 'vitest';
import { SimulatedBrowserLeg, type Defer } from './browser-audio';

/** A controlled clock for the twin: deferred callbacks run when the test says so. */
function manualDefer() {
  let queue: (() => void)[] = [];
  const defer: Defer = (fn) => {
    queue.push(fn);
    return () => {
      queue = queue.filter((f) => f !== fn);
    };
  };
  const run = () => {
    const q = queue;
    queue = [];
    q.forEach((f) => f());
  };
  return { defer, run, pending: () => queue.length };
}

describe('the simulator twin of the browser leg', () => {
  it('goes connecting → connected, and keeps a leg already up when Ready is pressed again', () => {
    const t = manualDefer();
    const leg = new SimulatedBrowserLeg(t.defer);
    const seen: string[] = [];
    leg.subscribe(() => seen.push(leg.state));
    expect(leg.state).toBe('idle');
    leg.connect();
    expect(leg.state).toBe('connecting');
    t.run();
    expect(leg.state).toBe('connected');
    leg.connect();
    expect(t.pending()).toBe(0);
    expect(seen).toEqual(['connecting', 'connected']);
  });

  it('reconnects after a drop, or ends lost when it cannot', () => {
    const t = manualDefer();
    const leg = new SimulatedBrowserLeg(t.defer);
    leg.connect();
    t.run();
    leg.drop();
    expect(leg.state).toBe('reconnecting');
    t.run();
    expect(leg.state).toBe('connected');
    leg.drop(false);
    t.run();
    expect(leg.state).toBe('lost');
    leg.connect();
    expect(leg.state).toBe('connecting');
  });

  it('mutes and unmutes, and hanging up while connecting cancels the pending connect', () => {
    const t = manualDefer();
    const leg = new SimulatedBrowserLeg(t.defer);
    let changes = 0;
    const off = leg.subscribe(() => changes++);
    leg.connect();
    leg.setMuted(true);
    expect(leg.muted).toBe(true);
    leg.hangUp();
    expect(leg.state).toBe('idle');
    expect(leg.muted).toBe(false);
    expect(t.pending()).toBe(0);
    off();
    leg.connect();
    expect(changes).toBe(3);
  });
});
