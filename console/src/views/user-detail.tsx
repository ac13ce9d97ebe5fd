/**
 * One user: status, attributes, groups, MFA and sign-in history, with the admin actions. Each
 * action is the console API's call for it; a refusal (e.g. confirming a confirmed user) shows in
 * the API's words.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { useConsoleEvent } from '../events.js';
import { ErrorNote } from '../parts/error-note.js';
import { useAction, when } from '../parts/use-async.js';
import { navigate } from '../route.js';
import { nameOf, type User } from '../types.js';
import { StatusBadge } from './users-view.js';

interface Props {
  username: string;
  groups: (string | { name: string })[];
  onChanged: () => void;
}

export function UserDetail({ username, groups, onChanged }: Props) {
  const [user, setUser] = useState<User>();
  const act = useAction();
  const path = `users/${encodeURIComponent(username)}`;
  const load = useCallback(
    () => api<{ user: User; signIns?: User['signIns'] }>(path).then((r) => setUser({ ...r.user, signIns: r.signIns })),
    [path],
  );
  useEffect(() => {
    void act.run(load);
  }, [load, act.run]);
  useConsoleEvent('user', (d) => {
    if (d === undefined || (d as { sub?: string }).sub === username) void load().catch(() => undefined);
  });

  async function doAction(method: 'POST' | 'PUT' | 'DELETE', sub: string, confirmText?: string) {
    if (confirmText && !confirm(confirmText)) return;
    const ok = await act.run(() => api(`${path}${sub}`, { method }));
    if (!ok) return;
    onChanged();
    if (method === 'DELETE' && !sub) navigate(['users']);
    else await load().catch(() => undefined);
  }

  if (!user)
    return <aside className="pane detail">{act.error ? <ErrorNote text={act.error} /> : <p className="loading">Loading…</p>}</aside>;
  const others = groups.map(nameOf).filter((g) => !user.groups.includes(g));
  return (
    <aside className="pane detail" aria-label={`User ${username}`}>
      <header className="view-head">
        <h2>{user.attributes.email ?? user.username}</h2>
        <button type="button" className="link" onClick={() => navigate(['users'])} aria-label="Close">
          ✕
        </button>
      </header>
      <p>
        <StatusBadge user={user} /> <small>{user.username}</small>
        {user.lockedUntil && <span className="badge status-failed">locked until {when(user.lockedUntil)}</span>}
      </p>
      <div className="buttons">
        {user.status === 'UNCONFIRMED' && (
          <button type="button" onClick={() => doAction('POST', '/confirm')} disabled={act.busy}>
            Confirm
          </button>
        )}
        {user.enabled ? (
          <button type="button" className="secondary" onClick={() => doAction('POST', '/disable')} disabled={act.busy}>
            Disable
          </button>
        ) : (
          <button type="button" onClick={() => doAction('POST', '/enable')} disabled={act.busy}>
            Enable
          </button>
        )}
        <button type="button" className="secondary" onClick={() => doAction('POST', '/reset-password')} disabled={act.busy}>
          Reset password
        </button>
        <button type="button" className="danger" onClick={() => doAction('DELETE', '', `Delete ${username}?`)} disabled={act.busy}>
          Delete
        </button>
      </div>
      <ErrorNote text={act.error} />
      <h3>Attributes</h3>
      <dl className="attrs">
        {Object.entries(user.attributes).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>Groups</h3>
      <ul className="chips">
        {user.groups.map((g) => (
          <li key={g}>
            {g}{' '}
            <button
              type="button"
              className="link"
              aria-label={`Remove from ${g}`}
              onClick={() => doAction('DELETE', `/groups/${encodeURIComponent(g)}`)}
            >
              ✕
            </button>
          </li>
        ))}
        {!user.groups.length && <li className="muted">none</li>}
      </ul>
      {others.length > 0 && (
        <select
          aria-label="Add to group"
          value=""
          onChange={(e) => e.target.value && doAction('PUT', `/groups/${encodeURIComponent(e.target.value)}`)}
        >
          <option value="">Add to group…</option>
          {others.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
      )}
      <h3>MFA</h3>
      <p>{mfaText(user.mfa)}</p>
      <h3>Sign-in history</h3>
      <SignInHistory user={user} />
    </aside>
  );
}

function mfaText(mfa: User['mfa']): string {
  const on = (['totp', 'email', 'sms'] as const).filter((k) => mfa?.[k]).map((k) => k.toUpperCase());
  if (!on.length) return 'off';
  return `${on.join(', ')}${mfa?.preferred ? ` (preferred: ${mfa.preferred})` : ''}`;
}

function SignInHistory({ user }: { user: User }) {
  if (!user.signIns?.length) return <p className="muted">No sign-ins yet.</p>;
  return (
    <div className="table-wrap">
      <table className="grid">
        <thead>
          <tr>
            <th>Time</th>
            <th>Method</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {user.signIns.map((s, i) => (
            // the history has no ids; its order is fixed (newest first)
            // biome-ignore lint/suspicious/noArrayIndexKey: rows never reorder
            <tr key={i} className={s.ok ? '' : 'failed'}>
              <td>{when(s.time)}</td>
              <td>{s.method}</td>
              <td>{s.ok ? 'ok' : `failed${s.reason ? `: ${s.reason}` : ''}${s.lockedOut ? ' (locked out)' : ''}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
