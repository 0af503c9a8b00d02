// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { markScrollBoxes } from './scroll-boxes';

/** happy-dom lays nothing out: give a box the widths a browser would measure. */
function box(html: string, scrollWidth: number, clientWidth: number): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  const el = root.firstElementChild as HTMLElement;
  Object.defineProperty(el, 'scrollWidth', { configurable: true, get: () => scrollWidth });
  Object.defineProperty(el, 'clientWidth', { configurable: true, get: () => clientWidth });
  return el;
}

describe('markScrollBoxes', () => {
  it('puts a table that scrolls sideways in the tab order, and takes it out once it fits', () => {
    const table = box('<table class="table"><tr><td>wide</td></tr></table>', 600, 358);
    const root = table.parentElement!;
    markScrollBoxes(root);
    expect(table.getAttribute('tabindex')).toBe('0');
    Object.defineProperty(table, 'scrollWidth', { configurable: true, get: () => 358 });
    markScrollBoxes(root);
    expect(table.hasAttribute('tabindex')).toBe(false);
  });

  it('leaves a table that fits, and a tabindex the page set itself, alone', () => {
    const fits = box('<table class="table"></table>', 300, 358);
    markScrollBoxes(fits.parentElement!);
    expect(fits.hasAttribute('tabindex')).toBe(false);
    const own = box('<div class="table-scroll" tabindex="-1"></div>', 600, 358);
    markScrollBoxes(own.parentElement!);
    Object.defineProperty(own, 'scrollWidth', { configurable: true, get: () => 300 });
    markScrollBoxes(own.parentElement!);
    expect(own.getAttribute('tabindex')).toBe('-1');
  });
});
