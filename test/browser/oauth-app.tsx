/**
 * A page that signs in with redirect, as the Amplify docs' social sign-in example does: a button per
 * provider (`signInWithRedirect({ provider: 'Google' })`, a custom OIDC provider, the hosted page),
 * the session shown once the redirect comes back, and `signOut({ global: true })`. `configureAmplify`
 * from hearth/client replaces `Amplify.configure`; the test injects amplify_outputs.json as `window.__OUTPUTS__`.
 */
import { fetchAuthSession, signInWithRedirect, signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { configureAmplify } from '../../src/client/index.js';

declare global {
  interface Window {
    __OUTPUTS__: Parameters<typeof configureAmplify>[0];
    /** the current access token, for the test to try after sign-out */
    __accessToken: () => Promise<string | undefined>;
  }
}

configureAmplify(window.__OUTPUTS__);
window.__accessToken = async () => (await fetchAuthSession()).tokens?.accessToken.toString();

function App() {
  const [status, setStatus] = useState('loading');
  useEffect(() => {
    const show = async () => {
      const id = (await fetchAuthSession()).tokens?.idToken?.payload;
      setStatus(id ? `signed in as ${String(id.email)} (${String(id['cognito:username'])})` : 'signed out');
    };
    const stop = Hub.listen('auth', ({ payload }) => {
      if (payload.event === 'signInWithRedirect' || payload.event === 'signedOut') void show();
      if (payload.event === 'signInWithRedirect_failure') setStatus(`failed: ${String(payload.data?.error?.message)}`);
    });
    void show().catch((e: Error) => setStatus(`error: ${e.message}`));
    return stop;
  }, []);
  return (
    <main>
      <p data-testid="status">{status}</p>
      <button type="button" onClick={() => signInWithRedirect({ provider: 'Google' })}>
        Sign in with Google
      </button>
      <button type="button" onClick={() => signInWithRedirect({ provider: { custom: 'CorpSSO' } })}>
        Sign in with CorpSSO
      </button>
      <button type="button" onClick={() => signInWithRedirect()}>
        Sign in
      </button>
      <button type="button" onClick={() => signOut({ global: true })}>
        Sign out everywhere
      </button>
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<App />);
