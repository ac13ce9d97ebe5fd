/**
 * The smallest real app with the Authenticator: what a developer writes after `npm create vite`,
 * except that `configureAmplify` from hearth/client replaces `Amplify.configure`. The test injects
 * the sandbox's amplify_outputs.json as `window.__OUTPUTS__`.
 */
import { Authenticator } from '@aws-amplify/ui-react';
import { createRoot } from 'react-dom/client';
import { configureAmplify } from '../../src/client/index.js';

declare global {
  interface Window {
    __OUTPUTS__: Parameters<typeof configureAmplify>[0];
  }
}

configureAmplify(window.__OUTPUTS__);

function App() {
  return (
    <Authenticator>
      {({ signOut, user }) => (
        <main>
          <h1 data-testid="greeting">Signed in as {user?.signInDetails?.loginId}</h1>
          <button type="button" onClick={signOut}>
            Leave
          </button>
        </main>
      )}
    </Authenticator>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
