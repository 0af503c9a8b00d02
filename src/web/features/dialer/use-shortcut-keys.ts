import { useEffect, useEffectEvent, useRef } from 'react';
import { forShortcuts, shortcutFor, whileBusy, type ShortcutAction, type ShortcutContext } from './shortcuts';

/**
 * Every dialer action one key away. One listener for the page's life; it reads the latest render, so a key pressed
 * right after the screen changed acts on what the agent sees. While a request is under way, see `whileBusy`: a key
 * whose action waits is asked again once the request is answered, of the screen as it then is.
 */
export function useShortcutKeys(busy: boolean, context: ShortcutContext, run: (action: ShortcutAction) => void) {
  const waiting = useRef<string | null>(null);
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (!forShortcuts(e)) return;
    const action = shortcutFor(e.key, context);
    if (!action) return;
    e.preventDefault();
    const now = busy ? whileBusy(action) : 'run';
    if (now === 'run') run(action);
    else if (now === 'after') waiting.current = e.key;
  });
  const afterBusy = useEffectEvent(() => {
    const key = waiting.current;
    waiting.current = null;
    const action = key === null ? null : shortcutFor(key, context);
    if (action) run(action);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  useEffect(() => {
    if (!busy && waiting.current !== null) afterBusy();
  }, [busy]);
}
