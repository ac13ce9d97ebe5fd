/**
 * API explorer: GraphiQL on the served schema, with the identity a request runs as chosen here (API
 * key; a user's user-pool token; IAM as guest, as a signed-in user, or as a function). The server
 * mints the credentials and runs the request through the real AppSync handler, so an answer here is
 * what that caller's app would get. GraphiQL (~1 MB) is its own chunk, fetched when this view opens.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { api, apiUrl } from '../api.js';
import { useRoute } from '../route.js';
import { nameOf, type Overview, type User } from '../types.js';

const GraphiqlPanel = lazy(() => import('./graphiql-panel.js'));

export type ExplorerAuth =
  | { mode: 'apiKey' }
  | { mode: 'userPool'; username: string }
  | { mode: 'iam'; as: 'guest' | 'authenticated'; username?: string }
  | { mode: 'iam'; function: string };

type Kind = 'apiKey' | 'userPool' | 'iamGuest' | 'iamUser' | 'iamFunction';

function authOf(kind: Kind, username: string, fn: string): ExplorerAuth {
  if (kind === 'userPool') return { mode: 'userPool', username };
  if (kind === 'iamGuest') return { mode: 'iam', as: 'guest' };
  if (kind === 'iamUser') return { mode: 'iam', as: 'authenticated', username };
  if (kind === 'iamFunction') return { mode: 'iam', function: fn };
  return { mode: 'apiKey' };
}

export function ApiExplorerView({ overview }: { overview: Overview }) {
  const route = useRoute();
  const [kind, setKind] = useState<Kind>('apiKey');
  const [users, setUsers] = useState<User[]>([]);
  const [username, setUsername] = useState('');
  const functions = overview.functions.map(nameOf);
  const [fn, setFn] = useState(functions[0] ?? '');
  const auth = useRef<ExplorerAuth>({ mode: 'apiKey' });
  auth.current = authOf(kind, username, fn);
  const needsUser = kind === 'userPool' || kind === 'iamUser';

  useEffect(() => {
    if (!needsUser) return;
    api<{ users: User[] }>(apiUrl('users', { limit: 60 }))
      .then((r) => {
        setUsers(r.users);
        setUsername((u) => u || r.users[0]?.username || '');
      })
      .catch(() => setUsers([]));
  }, [needsUser]);

  return (
    <section className="explorer">
      <header className="view-head">
        <h1>API explorer</h1>
        <div className="auth-switch">
          <label>
            Run as
            <select aria-label="Authorization mode" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              <option value="apiKey">API key</option>
              <option value="userPool">User pool: a user's token</option>
              <option value="iamGuest">IAM: guest</option>
              <option value="iamUser">IAM: a signed-in user</option>
              {functions.length > 0 && <option value="iamFunction">IAM: a function</option>}
            </select>
          </label>
          {needsUser && (
            <select aria-label="User" value={username} onChange={(e) => setUsername(e.target.value)}>
              {!users.length && <option value="">no users yet</option>}
              {users.map((u) => (
                <option key={u.username} value={u.username}>
                  {u.attributes.email ?? u.username}
                </option>
              ))}
            </select>
          )}
          {kind === 'iamFunction' && (
            <select aria-label="Function" value={fn} onChange={(e) => setFn(e.target.value)}>
              {functions.map((f) => (
                <option key={f}>{f}</option>
              ))}
            </select>
          )}
        </div>
      </header>
      <Suspense fallback={<p className="loading">Loading GraphiQL…</p>}>
        <GraphiqlPanel authRef={auth} query={route.query.get('query') ?? undefined} defaultQuery={starterQuery(overview)} />
      </Suspense>
    </section>
  );
}

/** A first query to run: the first model's list, with its scalar fields. */
function starterQuery(overview: Overview): string {
  const m = overview.models[0] as (Overview['models'][number] & { pluralName?: string }) | undefined;
  if (!m) return '# This backend has no models: write a query, or a custom operation, here.\n';
  const fields = m.fields.filter((f) => !f.relation && f.type !== 'AWSJSON').map((f) => f.name);
  return `# Runs as the identity chosen above; switch it to see what each rule allows.\nquery List${m.pluralName ?? `${m.name}s`} {\n  list${m.pluralName ?? `${m.name}s`}(limit: 10) {\n    items {\n${fields.map((f) => `      ${f}\n`).join('')}    }\n    nextToken\n  }\n}\n`;
}
