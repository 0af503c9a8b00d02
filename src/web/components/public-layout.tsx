import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { formatDay, PolicyBanner, usePolicy } from '../policy';
import { useSession } from '../session';

export function Footer() {
  const policy = usePolicy();
  return (
    <footer className="footer">
      <nav aria-label="Legal">
        <Link to="/privacy">Privacy policy</Link>
        <Link to="/terms">Terms of service</Link>
        <Link to="/pricing">Pricing</Link>
      </nav>
      <p>
        © {new Date().getFullYear()} DialerSeat. Privacy policy last updated{' '}
        {policy ? formatDay(policy.current.effectiveAt) : '…'}.
      </p>
    </footer>
  );
}

export function PublicLayout({ children }: { children: ReactNode }) {
  const { me } = useSession();
  return (
    <div className="public">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="public__header">
        <Link to="/" className="brand" aria-label="DialerSeat home">
          <span className="brand__mark" aria-hidden="true">
            ◉
          </span>{' '}
          DialerSeat
        </Link>
        <nav aria-label="Main">
          <NavLink to="/pricing">Pricing</NavLink>
          <NavLink to="/privacy">Privacy</NavLink>
          {me ? (
            <Link className="btn btn--primary" to="/app">
              Open the app
            </Link>
          ) : (
            <>
              <NavLink to="/sign-in">Sign in</NavLink>
              <Link className="btn btn--primary" to="/sign-up">
                Start free
              </Link>
            </>
          )}
        </nav>
      </header>
      <PolicyBanner />
      <main id="main" className="public__main">
        {children}
      </main>
      <Footer />
    </div>
  );
}
