import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, NavLink, useLocation, useNavigate } from 'react-router';
import { problemWith } from '../../core/api/auth.types';
import { teamNameSchema } from '../../core/api/teams.types';
import { api, ApiError } from '../api';
import { AccessBanner } from '../features/billing/access-banner';
import { PolicyBanner } from '../policy';
import { prefs, useSession } from '../session';
import { canAdmin, TeamContext } from '../team';
import { EmptyState } from './empty-state';
import { Field, FormError, SubmitButton } from './form';
import { useScrollBoxes } from './scroll-boxes';

function CreateFirstTeam() {
  const { refresh } = useSession();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = problemWith(teamNameSchema, name);
    if (problem) return setError(problem);
    setBusy(true);
    try {
      const t = await api<{ id: string }>('POST', '/api/teams', { name: name.trim() });
      prefs.set('team', t.id);
      await refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not create the team');
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" className="app__main">
      <EmptyState title="You are not in a team yet">
        <p>Create a team to start, or ask a teammate to invite you (the invitation link will add you).</p>
        <form onSubmit={submit} aria-label="Create a team" className="inline-form">
          <Field
            label="Team name"
            value={name}
            onChange={(e) => (setName(e.target.value), setError(undefined))}
            error={error}
          />
          <SubmitButton busy={busy}>Create team</SubmitButton>
        </form>
      </EmptyState>
    </main>
  );
}

/** `bare`: the page alone, without the top bar, sidebar or banners (the live floor's TV mode). */
export function AppShell({ children, bare = false }: { children: ReactNode; bare?: boolean }) {
  const { me, loading, refresh } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(() => prefs.get('sidebar') === 'collapsed');
  const [teamId, setTeamId] = useState(() => prefs.get('team'));
  const [signOutError, setSignOutError] = useState<string | null>(null);
  useEffect(() => prefs.set('sidebar', collapsed ? 'collapsed' : 'open'), [collapsed]);
  // Below tablet width the sidebar is a drawer behind the Menu button, so each page's own content comes first.
  // Open "at" a path: following a link to another page closes it.
  const [menuOpenAt, setMenuOpenAt] = useState<string | null>(null);
  const menuOpen = menuOpenAt === location.pathname;
  const setMenuOpen = (open: boolean) => setMenuOpenAt(open ? location.pathname : null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLElement>(null);
  const main = useRef<HTMLElement>(null);
  useScrollBoxes(main, !loading && !!me);
  useEffect(() => {
    if (menuOpen) drawer.current?.querySelector<HTMLElement>('a, button, select')?.focus();
  }, [menuOpen]);
  const closeMenu = () => {
    setMenuOpen(false);
    menuButton.current?.focus();
  };

  if (loading)
    return (
      <p className="loading" aria-live="polite">
        Loading…
      </p>
    );
  if (!me) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const team = me.teams.find((t) => t.id === teamId) ?? me.teams[0] ?? null;
  if (bare && team)
    return (
      <div className="app app--bare">
        <TeamContext.Provider value={team}>
          <main id="main" ref={main} className="app__main" tabIndex={-1}>
            {children}
          </main>
        </TeamContext.Provider>
      </div>
    );

  async function signOut() {
    try {
      await api('POST', '/api/auth/sign-out', {});
      await refresh();
      navigate('/');
    } catch (e) {
      setSignOutError(e instanceof Error ? e.message : 'Sign-out failed');
    }
  }

  const link = (to: string, label: string, icon: string) => (
    <NavLink to={to} end className="nav__link" title={collapsed ? label : undefined}>
      <span className="nav__icon" aria-hidden="true">
        {icon}
      </span>
      <span className="nav__label">{label}</span>
    </NavLink>
  );

  return (
    <div className={`app${collapsed ? ' app--collapsed' : ''}${menuOpen ? ' app--menu-open' : ''}`}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true">
            ◉
          </span>{' '}
          DialerSeat
        </span>
        <button
          ref={menuButton}
          className="btn topbar__menu"
          onClick={() => setMenuOpen(!menuOpen)}
          aria-expanded={menuOpen}
          aria-controls="app-sidebar"
        >
          <span aria-hidden="true">☰</span> Menu
        </button>
      </header>
      {menuOpen && <div className="drawer-backdrop" onClick={closeMenu} aria-hidden="true" />}
      <aside
        id="app-sidebar"
        ref={drawer}
        className="sidebar"
        aria-label="Sidebar"
        onKeyDown={(e) => {
          if (menuOpen && e.key === 'Escape') {
            e.stopPropagation();
            closeMenu();
          }
        }}
      >
        <div className="sidebar__top">
          <span className="brand">
            <span className="brand__mark" aria-hidden="true">
              ◉
            </span>
            <span className="nav__label"> DialerSeat</span>
          </span>
          <button className="icon-btn sidebar__close" onClick={closeMenu} aria-label="Close menu">
            ×
          </button>
          <button
            className="icon-btn sidebar__collapse"
            onClick={() => setCollapsed(!collapsed)}
            aria-expanded={!collapsed}
            aria-label={collapsed ? 'Expand sidebar' : 'Collapse sidebar'}
          >
            {collapsed ? '»' : '«'}
          </button>
        </div>
        {team && me.teams.length > 0 && (
          <div className="team-switcher">
            <label htmlFor="team-switcher" className="nav__label">
              Team
            </label>
            <select
              id="team-switcher"
              value={team.id}
              onChange={(e) => {
                setTeamId(e.target.value);
                prefs.set('team', e.target.value);
                navigate('/app');
              }}
            >
              {me.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.role})
                </option>
              ))}
            </select>
          </div>
        )}
        {/* A tap on the current page's own link closes the drawer too. */}
        <nav aria-label="App" onClick={(e) => (e.target as Element).closest('a') && setMenuOpenAt(null)}>
          {link('/app', 'Home', '⌂')}
          {link('/app/dialer', 'Dialer', '☎')}
          {link('/app/calls', 'Call log', '☰')}
          {link('/app/reports', 'Reports', '▥')}
          {link('/app/campaigns', 'Campaigns', '▤')}
          {link('/app/leads', 'Leads', '☷')}
          {team && canAdmin(team) && link('/app/dnc', 'Do not call', '⊘')}
          {team && canAdmin(team) && link('/app/overview', 'Overview', '▦')}
          {team && canAdmin(team) && link('/app/floor', 'Floor', '◫')}
          {team && canAdmin(team) && link('/app/caller-ids', 'Caller IDs', '☏')}
          <p className="nav__heading nav__label">Settings</p>
          {link('/app/settings/profile', 'Profile', '☺')}
          {team && canAdmin(team) && link('/app/settings/team', 'Team', '◎')}
          {team && canAdmin(team) && link('/app/settings/members', 'Members', '≡')}
          {team && canAdmin(team) && link('/app/settings/billing', 'Billing', '$')}
          {link('/app/settings/sessions', 'Sessions', '⌨')}
          {team && canAdmin(team) && link('/app/settings/security', 'Security log', '#')}
          {team && canAdmin(team) && link('/app/settings/export', 'Data export', '⇩')}
          {team && canAdmin(team) && link('/app/settings/webhooks', 'Webhooks', '↗')}
          {team && canAdmin(team) && link('/app/settings/api-keys', 'API keys', '§')}
          {me.operator && link('/app/operator', 'Operator', '⚙')}
        </nav>
        <div className="sidebar__bottom">
          <p className="nav__label small sidebar__user" title={me.user.email}>
            {me.user.name}
          </p>
          <button className="btn btn--small" onClick={signOut}>
            Sign out
          </button>
          <FormError message={signOutError} />
        </div>
      </aside>
      {team ? (
        <TeamContext.Provider value={team}>
          <main id="main" ref={main} className="app__main" tabIndex={-1}>
            <AccessBanner />
            <PolicyBanner />
            {children}
          </main>
        </TeamContext.Provider>
      ) : (
        <CreateFirstTeam />
      )}
    </div>
  );
}
