import { Link } from 'react-router';
import { KEYS } from './shortcuts';

/** The keyboard shortcuts, on screen. */
export function KeysCard() {
  return (
    <aside className="card keys" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Keyboard</h2>
      <dl className="keys__list">
        {KEYS.map(([k, what]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="small muted">
        Shortcuts wait while you type in a field; press <kbd>Esc</kbd> to leave it. Calls you made are in the{' '}
        <Link to="/app/calls">call log</Link>.
      </p>
    </aside>
  );
}
