/**
 * Users: the user pool through the console API (which calls the same admin operations as the
 * Cognito protocol, so its rules and triggers apply). Search by email prefix or a raw Cognito
 * ListUsers filter, page with `next`, live on `user` events; a row opens the user's detail.
 */
import { type FormEvent, useState } from 'react';
import { api, apiUrl } from '../api.js';
import { useConsoleEvent } from '../events.js';
import { ErrorNote } from '../parts/error-note.js';
import { useAction, when } from '../parts/use-async.js';
import { usePagedList } from '../parts/use-paged-list.js';
import { href } from '../route.js';
import type { Overview, User } from '../types.js';
import { UserDetail } from './user-detail.js';

const PAGE = 60;

/** `ada` → `search=ada` (email prefix); anything with an operator (`name ^= "A"`) is a ListUsers filter as typed. */
export function userQuery(search: string): { search?: string; filter?: string } {
  const s = search.trim();
  if (!s) return {};
  return /(\^=|=)\s*"/.test(s) ? { filter: s } : { search: s };
}

export function UsersView({ overview, selected }: { overview: Overview; selected?: string }) {
  const [search, setSearch] = useState('');
  const list = usePagedList(
    (next) => apiUrl('users', { ...userQuery(search), limit: PAGE, next }),
    (r: { users: User[]; next?: string | null }) => r.users,
  );
  useConsoleEvent('user', list.reload);

  return (
    <section className={selected ? 'split has-detail' : 'split'}>
      <div className="pane">
        <header className="view-head">
          <h1>Users</h1>
          <input
            type="search"
            aria-label="Search users"
            placeholder='email prefix, or a filter like name = "Ada"'
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </header>
        <CreateUserForm onCreated={list.reload} />
        <ErrorNote text={list.error} />
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th>User</th>
                <th>Status</th>
                <th>Groups</th>
                <th className="hide-narrow">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((u) => (
                <tr key={u.username} aria-selected={u.username === selected} className={u.enabled ? '' : 'muted'}>
                  <td>
                    <a href={href(['users', u.username])}>{u.attributes.email ?? u.username}</a>
                  </td>
                  <td>
                    <StatusBadge user={u} />
                  </td>
                  <td>{u.groups.join(', ')}</td>
                  <td className="hide-narrow">{when(u.created)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!list.items.length && !list.busy && <p className="empty">No users{search ? ' match' : ' yet'}.</p>}
        </div>
        {list.next && (
          <button type="button" onClick={list.loadMore} disabled={list.busy}>
            Load more
          </button>
        )}
      </div>
      {selected && <UserDetail key={selected} username={selected} groups={overview.userPool?.groups ?? []} onChanged={list.reload} />}
    </section>
  );
}

export function StatusBadge({ user }: { user: Pick<User, 'status' | 'enabled'> }) {
  return (
    <span className={`badge status-${user.status.toLowerCase()}`}>
      {user.status}
      {user.enabled ? '' : ' · disabled'}
    </span>
  );
}

function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  const create = useAction();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const password = String(data.get('password') ?? '');
    const ok = await create.run(() =>
      api('users', {
        method: 'POST',
        body: { email: data.get('email'), ...(password ? { password, permanent: true } : {}), attributes: {} },
      }),
    );
    if (ok) {
      form.reset();
      setOpen(false);
      onCreated();
    }
  }
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        New user
      </button>
    );
  return (
    <form className="inline-form card" onSubmit={submit} aria-label="New user">
      <label>
        Email
        <input name="email" type="email" required />
      </label>
      <label>
        Password <small>(set: the user is confirmed with it; empty: a temporary one is mailed)</small>
        <input name="password" type="password" autoComplete="new-password" />
      </label>
      <ErrorNote text={create.error} />
      <div className="buttons">
        <button type="submit" disabled={create.busy}>
          Create
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
