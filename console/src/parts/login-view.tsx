/**
 * `hearth start --console`: the admin credentials (the backend's access key pair) open a session
 * (HttpOnly SameSite=Strict cookie); the answer's CSRF token goes on every later change.
 */
import { type FormEvent, useState } from 'react';
import { api, errorText, setCsrfToken } from '../api.js';
import { ErrorNote } from './error-note.js';

export function LoginView({ onSignedIn }: { onSignedIn: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    try {
      const s = await api<{ csrfToken: string }>('session', {
        method: 'POST',
        body: { accessKeyId: form.get('accessKeyId'), secretAccessKey: form.get('secretAccessKey') },
      });
      setCsrfToken(s.csrfToken);
      onSignedIn();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="login card" onSubmit={submit} aria-label="Sign in to the console">
      <h1>Hearth console</h1>
      <p>Sign in with the backend's admin credentials.</p>
      <label>
        Access key ID
        <input name="accessKeyId" autoComplete="username" required />
      </label>
      <label>
        Secret access key
        <input name="secretAccessKey" type="password" autoComplete="current-password" required />
      </label>
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        Sign in
      </button>
    </form>
  );
}
