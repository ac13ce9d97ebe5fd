/**
 * A page of an app with passkeys, as the Amplify docs write it: `aws-amplify/auth`'s
 * `associateWebAuthnCredential`, `listWebAuthnCredentials`, `deleteWebAuthnCredential` and
 * `signIn` with `preferredChallenge: 'WEB_AUTHN'`, configured by `configureAmplify` from
 * hearth/client. The test drives these calls through `window.__auth` and the browser's WebAuthn
 * (a CDP virtual authenticator stands in for the user's device).
 */
import {
  associateWebAuthnCredential,
  deleteWebAuthnCredential,
  fetchAuthSession,
  listWebAuthnCredentials,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import { configureAmplify } from '../../src/client/index.js';

const auth = { associateWebAuthnCredential, deleteWebAuthnCredential, fetchAuthSession, listWebAuthnCredentials, signIn, signOut };

declare global {
  interface Window {
    __OUTPUTS__: Parameters<typeof configureAmplify>[0];
    __auth: typeof auth;
  }
}

configureAmplify(window.__OUTPUTS__);
window.__auth = auth;
document.body.dataset.ready = 'true';
