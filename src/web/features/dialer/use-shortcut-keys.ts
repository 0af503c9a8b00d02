import { useEffect, useEffectEvent } from 'react';
import { forShortcuts, shortcutFor, type ShortcutAction, type ShortcutContext } from './shortcuts';

/**
 * Every dialer action one key away. One listener for the page's life; it reads the latest render, so a key pressed
 * right after the screen changed acts on what the agent sees.
 */
export function useShortcutKeys(busy: boolean, context: ShortcutContext, run: (action: ShortcutAction) => void) {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (!forShortcuts(e, busy)) return;
    const action = shortcutFor(e.key, context);
    if (!action) return;
    e.preventDefault();
    run(action);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
