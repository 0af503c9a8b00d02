import { useEffect, type RefObject } from 'react';

/** Boxes that scroll sideways on their own: tables on a phone, and the explicit wrapper. */
const SCROLL_BOXES = '.table, .table-scroll';

/**
 * Makes each box that currently scrolls sideways (a table in a wrapper may be the one that scrolls, on a phone) reachable from the keyboard (tabindex 0), so its hidden columns can
 * be scrolled into view without a pointer, and takes that tab stop away again once it fits. A box that holds a focused
 * element already keeps its own tabindex untouched.
 */
export function markScrollBoxes(root: ParentNode): void {
  for (const box of root.querySelectorAll<HTMLElement>(SCROLL_BOXES)) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute('tabindex')) {
      box.setAttribute('tabindex', '0');
      box.dataset.scrollBox = 'on';
    } else if (!scrolls && box.dataset.scrollBox === 'on') {
      box.removeAttribute('tabindex');
      delete box.dataset.scrollBox;
    }
  }
}

/**
 * Keeps `markScrollBoxes` true of the element's content as it changes and as the window is resized; `rendered` says
 * when the element is on the page (the effect starts again when it appears).
 */
export function useScrollBoxes(ref: RefObject<HTMLElement | null>, rendered: boolean): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    let frame = 0;
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => markScrollBoxes(root));
    };
    const observer = new MutationObserver(schedule);
    // Text changes too: a table whose figures arrive (or grow) in place can start to overflow without new nodes.
    observer.observe(root, { childList: true, characterData: true, subtree: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      window.removeEventListener('resize', schedule);
    };
  }, [ref, rendered]);
}
