/**
 * `hearth/client`: points the app's own `aws-amplify` at Hearth.
 */
import { Amplify } from 'aws-amplify';
import { redirectOAuth } from './oauth-redirect.js';
import { rewriteRealtimeUrls } from './realtime-socket.js';
import { redirectStorage } from './storage.js';

export { redirectStorage, type S3BucketsConfig } from './storage.js';

type AmplifyConfig = ReturnType<typeof Amplify.getConfig>;
type ConfigureInput = Parameters<typeof Amplify.configure>[0];
type LibraryOptions = Parameters<typeof Amplify.configure>[1];

export interface ConfigureAmplifyOptions {
  /** passed through to `Amplify.configure` (e.g. `{ ssr: true }`) */
  libraryOptions?: LibraryOptions;
  /** overrides `outputs.custom.hearth.userPoolEndpoint` */
  userPoolEndpoint?: string;
  /** overrides `outputs.custom.hearth.identityPoolEndpoint` */
  identityPoolEndpoint?: string;
  /**
   * For an `http://` data URL (the sandbox), subscriptions open `ws://` instead of the `wss://`
   * Amplify always asks for, by wrapping `globalThis.WebSocket` (default true). Set false when a
   * TLS-terminating proxy answers `wss://` on the same host and port.
   */
  plainRealtimeSocket?: boolean;
  /** overrides `outputs.custom.hearth.storageEndpoint` (Hearth's S3 endpoint, `<base>/s3`) */
  storageEndpoint?: string;
}

interface HearthEndpoints {
  userPoolEndpoint?: string;
  identityPoolEndpoint?: string;
  storageEndpoint?: string;
}

/**
 * Configures Amplify from `amplify_outputs.json` and then adds the Cognito endpoint overrides
 * that outputs cannot carry (Amplify's outputs parser drops unknown auth keys). `Amplify.configure`
 * replaces rather than merges, hence configure, read back, configure again with the spread.
 *
 * With a `storage` section and `custom.hearth.storageEndpoint`, `aws-amplify/storage` requests for
 * the app's buckets go to Hearth (see {@link redirectStorage}); app code keeps the stock calls.
 *
 * @example
 * ```ts
 * import outputs from '../amplify_outputs.json';
 * import { configureAmplify } from 'hearth/client';
 *
 * configureAmplify(outputs); // instead of Amplify.configure(outputs)
 * ```
 * In Node 20 (no global WebSocket), subscriptions need one: `globalThis.WebSocket = WebSocket`
 * from the `ws` package, before or after this call.
 */
export function configureAmplify(outputs: ConfigureInput, options: ConfigureAmplifyOptions = {}): AmplifyConfig {
  Amplify.configure(outputs, options.libraryOptions);
  const config = Amplify.getConfig();
  const dataUrl = config.API?.GraphQL?.endpoint;
  if (dataUrl && options.plainRealtimeSocket !== false) rewriteRealtimeUrls(dataUrl);
  const hearth = hearthEndpoints(outputs);
  const storageEndpoint = options.storageEndpoint ?? hearth.storageEndpoint;
  if (storageEndpoint && config.Storage?.S3) redirectStorage(storageEndpoint, config.Storage.S3);
  const userPoolEndpoint = options.userPoolEndpoint ?? hearth.userPoolEndpoint;
  const identityPoolEndpoint = options.identityPoolEndpoint ?? hearth.identityPoolEndpoint;
  const cognito = config.Auth?.Cognito;
  // signInWithRedirect/signOut address https://<oauth.domain>; a sandbox answers them over http
  const oauthDomain = cognito?.loginWith?.oauth?.domain;
  if (oauthDomain && userPoolEndpoint) redirectOAuth(oauthDomain, userPoolEndpoint);
  if (!cognito || (!userPoolEndpoint && !identityPoolEndpoint)) return config;
  const endpoints = { ...(userPoolEndpoint && { userPoolEndpoint }), ...(identityPoolEndpoint && { identityPoolEndpoint }) };
  // the spread of one of Cognito's union members stays that member; TS cannot see it through the union
  const auth = { ...config.Auth, Cognito: { ...cognito, ...endpoints } } as AmplifyConfig['Auth'];
  Amplify.configure({ ...config, Auth: auth }, options.libraryOptions);
  return Amplify.getConfig();
}

function hearthEndpoints(outputs: ConfigureInput): HearthEndpoints {
  const custom = (outputs as { custom?: { hearth?: HearthEndpoints } }).custom;
  return custom?.hearth ?? {};
}
