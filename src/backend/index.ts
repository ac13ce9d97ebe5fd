/**
 * `hearth/backend`: the definition API of an Amplify Gen 2 backend. Hearth's loader maps
 * `@aws-amplify/backend` here, so an `amplify/` folder written for Amplify runs unchanged.
 *
 * @example
 * ```ts
 * import { defineAuth } from '@aws-amplify/backend'; // resolved to hearth/backend by the loader
 * export const auth = defineAuth({ loginWith: { email: true } });
 * ```
 */

import { callerFile } from './caller-file.js';
import { cdkFunctionOf, standInPath } from './cdk-lambda.js';
import { stackStandIn } from './define-backend.js';
import { type Definition, makeDefinition } from './definition.js';

export type { ClientSchema } from '@aws-amplify/data-schema';
export { a } from '@aws-amplify/data-schema';
export { type CdkCode, type CdkFunctionRecord, type CdkRuntime, cdkCodeOf, cdkFunctionOf } from './cdk-lambda.js';
export { cdkStandIn } from './cdk-stand-in.js';
export { type Definition, definitionOf, HEARTH_DEFINITION } from './definition.js';
export { type BackendRegistration, type EscapeHatchLog, takeBackendRegistration } from './registry.js';
export {
  type DefineStorageProps,
  defineStorage,
  type EntityId,
  type StorageAccessBuilder,
  type StorageAccessDefinition,
  type StorageAccessGenerator,
  type StorageAccessRecord,
  type StorageAction,
  type StorageActionBuilder,
  type StorageDefinition,
  type StorageGrantee,
  type StoragePath,
  type StorageTriggerEvent,
  storageAccessBuilder,
} from './storage.js';
export { unsupportedExport } from './unsupported-export.js';

/** A value read from the environment at start (Amplify reads it from SSM). */
export interface BackendSecret {
  readonly hearthSecret: string;
}

/**
 * A secret, resolved by Hearth from the environment variable of the same name.
 * @example `environment: { API_KEY: secret('API_KEY') }`
 */
export function secret(name: string): BackendSecret {
  return { hearthSecret: name };
}

export type AuthTriggerName =
  | 'createAuthChallenge'
  | 'customMessage'
  | 'defineAuthChallenge'
  | 'postAuthentication'
  | 'postConfirmation'
  | 'preAuthentication'
  | 'preSignUp'
  | 'preTokenGeneration'
  | 'userMigration'
  | 'verifyAuthChallengeResponse';

/** `loginWith.externalProviders` attribute mapping: user pool attribute (camelCase) → the provider's claim. */
export type AttributeMapping = Partial<Record<string, string>> & { custom?: Record<string, string> };

interface ProviderCommon {
  clientId: string | BackendSecret;
  clientSecret?: string | BackendSecret;
  scopes?: string[];
  attributeMapping?: AttributeMapping;
}

/** As `@aws-amplify/backend-auth` types `loginWith.externalProviders`. */
export interface ExternalProviders {
  google?: ProviderCommon;
  facebook?: ProviderCommon;
  loginWithAmazon?: ProviderCommon;
  signInWithApple?: Omit<ProviderCommon, 'clientSecret'> & {
    keyId: string | BackendSecret;
    privateKey: string | BackendSecret;
    teamId: string | BackendSecret;
  };
  oidc?: (ProviderCommon & {
    issuerUrl: string;
    name?: string;
    endpoints?: { authorization?: string; token?: string; userInfo?: string; jwksUri?: string };
    attributeRequestMethod?: 'GET' | 'POST';
    identifiers?: string[];
  })[];
  saml?: {
    name?: string;
    metadata: { metadataContent: string; metadataType: 'URL' | 'FILE' };
    attributeMapping?: AttributeMapping;
    identifiers?: string[];
    idpSignout?: boolean;
  };
  scopes?: ('phone' | 'email' | 'openid' | 'profile' | 'aws.cognito.signin.user.admin')[];
  callbackUrls: string[];
  logoutUrls: string[];
  domainPrefix?: string;
}

export interface DefineAuthProps {
  name?: string;
  loginWith: {
    /** `{ otpLogin: true }` enables EMAIL_OTP sign-in (USER_AUTH) */
    email?: true | Record<string, unknown>;
    phone?: true | Record<string, unknown>;
    /** passkeys; `relyingPartyId: 'AUTO'` is `localhost`, or the host of HEARTH_PUBLIC_URL */
    webAuthn?: true | { relyingPartyId: string; userVerification?: 'required' | 'preferred' };
    /** sign-in with redirect (Google, Facebook, Amazon, Apple, OIDC, SAML); the sandbox serves a test provider page for each */
    externalProviders?: ExternalProviders;
    [k: string]: unknown;
  };
  /** the first factor the client is told to prefer (outputs `passwordless.preferred_challenge`) */
  passwordlessOptions?: { preferredChallenge?: 'EMAIL_OTP' | 'SMS_OTP' | 'PASSWORD' | 'WEB_AUTHN' };
  userAttributes?: Record<string, { required?: boolean; mutable?: boolean; [k: string]: unknown }>;
  groups?: string[];
  /** `preTokenGeneration` also takes `{ handler, version: 'v2_0' }` to pick the event version */
  triggers?: Partial<Record<Exclude<AuthTriggerName, 'preTokenGeneration'>, FunctionDefinition>> & {
    preTokenGeneration?: FunctionDefinition | { handler: FunctionDefinition; version: 'v1_0' | 'v2_0' | 'v3_0' };
  };
  [k: string]: unknown;
}

export type AuthDefinition = Definition<'auth', DefineAuthProps>;

/**
 * Defines the user pool and identity pool.
 * @example `export const auth = defineAuth({ loginWith: { email: true } })`
 */
export function defineAuth(props: DefineAuthProps): AuthDefinition {
  return makeDefinition('auth', props, callerFile(defineAuth));
}

/** As `@aws-amplify/backend-auth` types `referenceAuth`: an existing user pool, identity pool and roles. */
export interface ReferenceAuthProps {
  userPoolId: string;
  identityPoolId: string;
  authRoleArn: string;
  unauthRoleArn: string;
  userPoolClientId: string;
  /** group name → role ARN */
  groups?: Record<string, string>;
  /** not supported by Hearth yet: the pool's own backend grants Cognito operations */
  access?: unknown;
}

/**
 * Points this backend at a user pool another Hearth backend serves (its `user_pool_id` and
 * `user_pool_client_id` from amplify_outputs.json), on the same database: this backend's data API
 * accepts that pool's tokens, and its outputs send the client there to sign in. Role ARNs are kept
 * for Amplify's sake; Hearth has no IAM roles.
 * @example `export const auth = referenceAuth({ userPoolId: 'us-east-1_hearth', userPoolClientId: '…', identityPoolId: 'us-east-1:…', authRoleArn: '…', unauthRoleArn: '…' })`
 */
export function referenceAuth(props: ReferenceAuthProps): AuthDefinition {
  return makeDefinition('auth', { hearthReference: props } as unknown as DefineAuthProps, callerFile(referenceAuth));
}

/**
 * The `oidc` mode of the data API: tokens of an external OpenID Provider, as `@aws-amplify/backend-data`
 * types it (https://docs.amplify.aws/react/build-a-backend/data/customize-authz/using-oidc-authorization-provider/).
 * @example `oidcAuthorizationMode: { oidcProviderName: 'Auth0', oidcIssuerUrl: 'https://example.auth0.com/', tokenExpiryFromAuthInSeconds: 300, tokenExpireFromIssueInSeconds: 600 }`
 */
export interface OidcAuthorizationModeProps {
  oidcProviderName: string;
  /** the issuer: its discovery document must name exactly this issuer, and tokens carry it as `iss` */
  oidcIssuerUrl: string;
  /** the client id a token must be for (`aud`); a regular expression matches several */
  clientId?: string;
  /** seconds a token stays valid after the user authenticated (`auth_time`); 0 checks nothing */
  tokenExpiryFromAuthInSeconds: number;
  /** seconds a token stays valid after it was issued (`iat`); 0 checks nothing */
  tokenExpireFromIssueInSeconds: number;
}

export interface DefineDataProps {
  schema: string | { transform(): unknown };
  name?: string;
  authorizationModes?: {
    defaultAuthorizationMode?: 'iam' | 'identityPool' | 'userPool' | 'oidc' | 'apiKey' | 'lambda';
    apiKeyAuthorizationMode?: { description?: string; expiresInDays?: number };
    lambdaAuthorizationMode?: { function: FunctionDefinition; timeToLiveInSeconds?: number };
    oidcAuthorizationMode?: OidcAuthorizationModeProps;
  };
  functions?: Record<string, FunctionDefinition>;
  [k: string]: unknown;
}

export type DataDefinition = Definition<'data', DefineDataProps>;

/**
 * Defines the data API from a schema built with `a.schema(...)` or a GraphQL SDL string.
 * @example `export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'userPool' } })`
 */
export function defineData(props: DefineDataProps): DataDefinition {
  return makeDefinition('data', props, callerFile(defineData));
}

export interface DefineFunctionProps {
  name?: string;
  entry?: string;
  timeoutSeconds?: number;
  memoryMB?: number;
  environment?: Record<string, string | BackendSecret>;
  runtime?: number;
  [k: string]: unknown;
}

export type FunctionDefinition = Definition<'function', DefineFunctionProps>;

/** defineFunction's second argument with a CDK-built function (Amplify's `ProvidedFunctionProps`). */
export interface ProvidedFunctionProps {
  resourceGroupName?: string;
}

/**
 * Defines a function; its handler defaults to `handler.ts` beside the calling file. Given a
 * provider instead, `(scope) => new NodejsFunction(scope, id, { entry, … })` (or `new Function`
 * with `Code.fromAsset(dir)` and a Node.js runtime), Hearth runs it in the same pipeline; the
 * provider runs at once against Hearth's model of aws-cdk-lib (cdk-lambda.ts).
 * @example `export const postConfirmation = defineFunction({ name: 'post-confirmation' })`
 */
export function defineFunction(
  props: DefineFunctionProps | ((scope: unknown) => unknown) = {},
  providerProps: ProvidedFunctionProps = {},
): FunctionDefinition {
  const definedIn = callerFile(defineFunction);
  if (typeof props !== 'function') return makeDefinition('function', props, definedIn);
  const built = props(stackStandIn('function'));
  // another construct (a GoFunction of @aws-cdk/aws-lambda-go-alpha) is named by its stand-in path, `<class>:<id>`
  const [construct = typeof built, id = ''] = (standInPath(built) ?? typeof built).split(/:(?=[^:]*$)/);
  const provided = cdkFunctionOf(built) ?? { construct, id, props: {}, at: definedIn };
  return makeDefinition('function', { hearthProvided: provided, ...providerProps }, definedIn);
}

export { defineBackend } from './define-backend.js';
