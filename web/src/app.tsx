import {
  Component,
  type FormEvent,
  lazy,
  type ReactNode,
  StrictMode,
  Suspense,
  useEffect,
  useRef,
  useState,
} from 'react';
import { createRoot } from 'react-dom/client';
import { Loading } from './components';
import { Dashboard } from './pages/Dashboard';
import { Link, match, useLocation } from './router';
import { SessionProvider, useSession } from './session';

// The portfolio is the page most people open first, so it comes with the app; the others are
// fetched when visited, so that the first page compiles less code (measured in bench/web).
const WorkloadPage = lazy(() => import('./pages/Workload').then((m) => ({ default: m.WorkloadPage })));
const Editor = lazy(() => import('./pages/Editor').then((m) => ({ default: m.Editor })));
const History = lazy(() => import('./pages/History').then((m) => ({ default: m.History })));
const Report = lazy(() => import('./pages/Report').then((m) => ({ default: m.Report })));

function SignIn() {
  const session = useSession();
  const [token, setTokenText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    await session.signIn(token.trim());
    setBusy(false);
  };
  return (
    <section className="card signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      {session.message ? (
        <p className="alert alert-warn" role="alert">
          {session.message}
        </p>
      ) : null}
      {session.oidc ? (
        <>
          <p>Sign in with your organisation's account.</p>
          <button type="button" className="primary" onClick={session.signInWithProvider}>
            Sign in with your organisation
          </button>
          <p className="hint">Or, for automation and admins, with an API token:</p>
        </>
      ) : (
        <p>
          This Waymark server needs an API token. Ask an admin for one (<code>waymark token create</code>).
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          required
          value={token}
          onChange={(e) => setTokenText(e.target.value)}
        />
        <p className="hint">Kept in this browser tab only (session storage) and sent as a bearer token.</p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}

/** A page that fails to draw shows what went wrong instead of a blank screen. */
class PageBoundary extends Component<
  { children: ReactNode; path: string },
  { error: Error | null; path: string }
> {
  override state = { error: null as Error | null, path: this.props.path };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(props: { path: string }, state: { error: Error | null; path: string }) {
    return props.path === state.path ? null : { error: null, path: props.path };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="alert alert-error" role="alert">
        <p>This page could not be shown: {this.state.error.message}</p>
        <p>
          <Link href="/">Back to the portfolio</Link>
        </p>
      </div>
    );
  }
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link href="/">Back to the portfolio</Link>
      </p>
    </section>
  );
}

function Routes() {
  const { path, query } = useLocation();
  let m = match('/workloads/:id', path);
  if (path === '/' || path === '') return <Dashboard />;
  if (m) return <WorkloadPage id={m.id as string} />;
  m = match('/workloads/:id/assess', path);
  if (m) return <Editor id={m.id as string} pillar={query.get('pillar')} level={query.get('level')} />;
  m = match('/workloads/:id/history', path);
  if (m) return <History id={m.id as string} />;
  m = match('/workloads/:id/report', path);
  if (m) return <Report id={m.id as string} />;
  return <NotFound />;
}

function App() {
  const session = useSession();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a client-side navigation, move focus to the new page so keyboard and screen reader
  // users start at its top, as they would after a full page load.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every path change
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!window.location.hash) main.current?.focus();
  }, [path]);

  const isReport = /\/report$/.test(path);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <Link href="/" className="brand">
          <span aria-hidden="true">◆</span> Waymark
        </Link>
        <nav aria-label="Main">
          <Link href="/" aria-current={path === '/' ? 'page' : undefined}>
            Portfolio
          </Link>
        </nav>
        <div className="session-info">
          {session.state === 'ready' ? (
            <span className={`badge access-${session.access}`} data-testid="access">
              {session.access === 'viewer'
                ? 'Read only'
                : session.access === 'editor' || session.access === 'admin'
                  ? 'Can edit'
                  : 'Signed in'}
            </span>
          ) : null}
          {session.user && session.state === 'ready' ? (
            <span className="signed-in-user" data-testid="user">
              {session.user.name}
            </span>
          ) : null}
          {(session.hasToken || session.user) && session.state === 'ready' ? (
            <button type="button" className="link-button" onClick={session.signOut}>
              Sign out
            </button>
          ) : null}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className={isReport ? 'main report-main' : 'main'}>
        {session.state === 'checking' ? (
          <p role="status">Connecting…</p>
        ) : session.state === 'signed-out' ? (
          <SignIn />
        ) : session.state === 'error' ? (
          <div className="alert alert-error" role="alert">
            <p>{session.message}</p>
            <button type="button" onClick={() => window.location.reload()}>
              Try again
            </button>
          </div>
        ) : (
          <PageBoundary path={path}>
            <Suspense fallback={<Loading what="the page" />}>
              <Routes />
            </Suspense>
          </PageBoundary>
        )}
      </main>
    </>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SessionProvider>
        <App />
      </SessionProvider>
    </StrictMode>,
  );
}
