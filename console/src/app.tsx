/**
 * The console's shell: checks the session (production asks for the admin credentials first),
 * loads the overview once, and shows the view the URL hash names.
 */
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import { api, errorText, setCsrfToken } from './api.js';
import { normalizeOverview, type RawOverview } from './overview-shape.js';
import { ErrorNote } from './parts/error-note.js';
import { LoginView } from './parts/login-view.js';
import { NavBar } from './parts/nav-bar.js';
import { navigate, type Route, useRoute } from './route.js';
import type { Overview, Session } from './types.js';
import { ApiExplorerView } from './views/api-explorer-view.js';
import { FunctionsView } from './views/functions-view.js';
import { MailboxView } from './views/mailbox-view.js';
import { RecordsView } from './views/records-view.js';
import { StorageView } from './views/storage-view.js';
import { UsersView } from './views/users-view.js';

// aws-amplify is big: the "try it" page is its own chunk, fetched only when it opens
const TryItPage = lazy(() => import('./try-it/try-it-page.js'));

export function App() {
  const [session, setSession] = useState<Session>();
  const [overview, setOverview] = useState<Overview>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      const s = await api<Session>('session');
      setCsrfToken(s.csrfToken);
      setSession(s);
      if (s.mode === 'sandbox' || s.signedIn) setOverview(normalizeOverview(await api<RawOverview>('overview')));
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorNote text={error} />;
  if (!session) return <p className="loading">Loading…</p>;
  if (session.mode === 'production' && !session.signedIn) return <LoginView onSignedIn={load} />;
  if (!overview) return <p className="loading">Loading…</p>;
  return <Shell overview={overview} production={session.mode === 'production'} />;
}

function Shell({ overview, production }: { overview: Overview; production: boolean }) {
  const route = useRoute();
  const first = route.parts[0];
  useEffect(() => {
    if (!first) navigate([overview.example?.tryIt ? 'try-it' : 'users']);
  }, [first, overview]);
  return (
    <div className="shell">
      <NavBar overview={overview} current={first ?? ''} production={production} />
      <main className="view">
        <Suspense fallback={<p className="loading">Loading…</p>}>{viewFor(route, overview)}</Suspense>
      </main>
    </div>
  );
}

function viewFor(route: Route, overview: Overview): ReactNode {
  switch (route.parts[0]) {
    case 'try-it':
      return <TryItPage />;
    case 'users':
      return <UsersView overview={overview} selected={route.parts[1]} />;
    case 'mail':
      return <MailboxView />;
    case 'data':
      return <RecordsView overview={overview} route={route} />;
    case 'api':
      return <ApiExplorerView overview={overview} />;
    case 'functions':
      return <FunctionsView overview={overview} />;
    case 'storage':
      return <StorageView overview={overview} route={route} />;
    default:
      return null;
  }
}
