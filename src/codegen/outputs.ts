import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveRelyingPartyId } from '../ir/compile-auth-passwordless.js';
import { withGraphqlUrl } from '../ir/compile-escape-hatches.js';
import { grantedPattern } from '../ir/compile-storage-paths.js';
import type { AuthIR, BackendIR, DataAuthMode, DataIR, StorageAction, StorageIR, StoragePrincipal } from '../ir/types.js';
import { buildModelIntrospection } from './model-introspection.js';

/** The outputs schema version Hearth writes: the default of current `ampx` (reference §5). */
export const OUTPUTS_VERSION = '1.5';

export interface BuildOutputsOptions {
  /** where the one Hearth listener answers, e.g. `http://127.0.0.1:4000` */
  baseUrl: string;
  /** the GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql` */
  dataUrl: string;
  /** the Cognito user pool + identity pool endpoint (one URL serves both, by x-amz-target) */
  cognitoUrl: string;
  /** the data API key, when the API accepts `apiKey` (a public client key, as in Amplify) */
  apiKey?: string;
  /** the dev mailbox, when one is served (the sandbox); `hearth start` serves none */
  mailboxUrl?: string;
  /** the S3 endpoint (path-style); default `<baseUrl>/s3` */
  storageUrl?: string;
  /** defaults to `buildModelIntrospection(ir.data)` */
  modelIntrospection?: object;
}

/** Where Hearth's endpoints go in outputs; `hearth/client` reads them back. Never a secret. */
export interface HearthCustomOutputs {
  userPoolEndpoint: string;
  identityPoolEndpoint: string;
  mailboxUrl?: string;
  /** set when the backend defines storage: `<base>/s3`, where buckets are served path-style */
  storageEndpoint?: string;
}

const APPSYNC_AUTH_TYPE: Record<DataAuthMode, string> = {
  apiKey: 'API_KEY',
  userPool: 'AMAZON_COGNITO_USER_POOLS',
  iam: 'AWS_IAM',
  oidc: 'OPENID_CONNECT',
  lambda: 'AWS_LAMBDA',
};

/**
 * `amplify_outputs.json` as `ampx` writes it (reference §5), pointing at Hearth. The Cognito
 * endpoints cannot be expressed in Amplify's schema (the client's parser drops unknown auth keys),
 * so they go to `custom.hearth`, which `configureAmplify` from `hearth/client` applies.
 */
export function buildOutputs(ir: BackendIR, opts: BuildOutputsOptions): Record<string, unknown> {
  const hearth: HearthCustomOutputs = {
    userPoolEndpoint: opts.cognitoUrl,
    identityPoolEndpoint: opts.cognitoUrl,
    ...(opts.mailboxUrl && { mailboxUrl: opts.mailboxUrl }),
    ...(ir.storage && { storageEndpoint: opts.storageUrl ?? `${opts.baseUrl.replace(/\/+$/, '')}/s3` }),
  };
  // backend.addOutput may carry the GraphQL URL (`backend.data.resources.graphqlApi.graphqlUrl`), known only now
  const added = withGraphqlUrl(mergeAddedOutputs(ir.addedOutputs), opts.dataUrl);
  const { version: _ignored, ...addedSections } = added;
  return {
    ...addedSections,
    ...(ir.auth && { auth: authOutputs(ir.auth, ir.region, opts.baseUrl) }),
    ...(ir.data && { data: dataOutputs(ir.data, ir.region, opts) }),
    ...(ir.storage && { storage: storageOutputs(ir.storage, ir.region) }),
    custom: { ...(added.custom as object | undefined), hearth },
    version: OUTPUTS_VERSION,
  };
}

/** `backend.addOutput` calls, deep-merged in order as Amplify merges them into the outputs. */
function mergeAddedOutputs(outputs: Record<string, unknown>[]): Record<string, unknown> {
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isPlainObject(a) || !isPlainObject(b)) return b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
    return out;
  };
  return outputs.reduce<Record<string, unknown>>((acc, o) => merge(acc, o) as Record<string, unknown>, {});
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function authOutputs(auth: AuthIR, region: string, baseUrl: string): Record<string, unknown> {
  const usernameAttributes = [...(auth.loginWith.email ? ['email'] : []), ...(auth.loginWith.phone ? ['phone_number'] : [])];
  const p = auth.passwordPolicy;
  return {
    user_pool_id: auth.userPoolId,
    aws_region: region,
    user_pool_client_id: auth.userPoolClientId,
    identity_pool_id: auth.identityPoolId,
    mfa_methods: [...(auth.mfa?.totp ? ['TOTP'] : []), ...(auth.mfa?.email ? ['EMAIL'] : [])],
    standard_required_attributes: auth.requiredAttributes,
    username_attributes: usernameAttributes,
    user_verification_types: usernameAttributes,
    // Amplify gives groups the precedence of their position in defineAuth({ groups })
    // (or what backend.ts wrote to `groups[name].cfnUserGroup.precedence`)
    groups: auth.groups.map((name, i) => ({ [name]: { precedence: auth.groupPrecedence?.[name] ?? i } })),
    mfa_configuration: auth.mfa && auth.mfa.mode !== 'OFF' ? auth.mfa.mode : 'NONE',
    password_policy: {
      min_length: p.minLength,
      require_lowercase: p.requireLowercase,
      require_numbers: p.requireNumbers,
      require_symbols: p.requireSymbols,
      require_uppercase: p.requireUppercase,
    },
    unauthenticated_identities_enabled: auth.allowUnauthenticatedIdentities,
    ...(auth.oauth && { oauth: oauthOutputs(auth.oauth, baseUrl) }),
    ...(auth.passwordless && { passwordless: passwordlessOutputs(auth.passwordless, baseUrl) }),
  };
}

/**
 * `auth.oauth` as Amplify's client config contributor writes it, key order included. The domain is
 * Hearth's host and port: the client builds `https://<domain>/oauth2/...`, which Hearth answers on
 * its one port (TLS is sniffed, server/tls-sniffing.ts). Like Amplify, only the four social providers
 * are listed (its construct names Amazon and Apple AMAZON and APPLE, which the contributor's filter drops).
 */
function oauthOutputs(o: NonNullable<AuthIR['oauth']>, baseUrl: string): Record<string, unknown> {
  const social: Record<string, string> = { Google: 'GOOGLE', Facebook: 'FACEBOOK' };
  return {
    identity_providers: o.providers.flatMap((p) => (social[p.type] ? [social[p.type]] : [])),
    redirect_sign_in_uri: o.callbackUrls,
    redirect_sign_out_uri: o.logoutUrls,
    response_type: 'code',
    scopes: o.scopes,
    domain: new URL(baseUrl).host,
  };
}

/** `auth.passwordless` (outputs schema v1.3+); the client reads it to refuse factors the pool does not offer. */
function passwordlessOutputs(p: NonNullable<AuthIR['passwordless']>, baseUrl: string): Record<string, unknown> {
  return {
    email_otp_enabled: p.emailOtp,
    sms_otp_enabled: false,
    ...(p.webAuthn && {
      web_authn: {
        relying_party_id: resolveRelyingPartyId(p.webAuthn.relyingPartyId, baseUrl),
        user_verification: p.webAuthn.userVerification,
      },
    }),
    ...(p.preferredChallenge && { preferred_challenge: p.preferredChallenge }),
  };
}

function dataOutputs(data: DataIR, region: string, opts: BuildOutputsOptions): Record<string, unknown> {
  const defaultType = APPSYNC_AUTH_TYPE[data.defaultAuthMode];
  // outputs list only the *additional* modes; iam and identityPool collapse into AWS_IAM
  const additional = [...new Set(data.authModes.map((m) => APPSYNC_AUTH_TYPE[m]))].filter((t) => t !== defaultType);
  const withKey = opts.apiKey !== undefined && data.authModes.includes('apiKey');
  return {
    url: opts.dataUrl,
    aws_region: region,
    ...(withKey && { api_key: opts.apiKey }),
    default_authorization_type: defaultType,
    authorization_types: additional,
    model_introspection: opts.modelIntrospection ?? buildModelIntrospection(data),
  };
}

/**
 * The storage section as Amplify writes it (amplify-backend backend-storage storage_outputs_aspect.ts
 * and the orchestrator's access output): `paths` keyed by each rule's granted pattern, so an owner
 * rule shows as `a/${cognito-identity.amazonaws.com:sub}/*` (amplify-js puts the identity id in) and a guest rule on the
 * same path as `a/*`; function rules add the path but no entry.
 */
function storageOutputs(storage: StorageIR, region: string): Record<string, unknown> {
  const bucket = (b: StorageIR['buckets'][number]) => ({
    name: b.name,
    bucket_name: b.bucketName,
    aws_region: region,
    ...(b.paths.length > 0 && { paths: storagePathOutputs(b.paths) }),
  });
  const main = storage.buckets.find((b) => b.isDefault) ?? storage.buckets[0];
  return { aws_region: region, ...(main && { bucket_name: main.bucketName }), buckets: storage.buckets.map(bucket) };
}

function storagePathOutputs(paths: StorageIR['buckets'][number]['paths']): Record<string, Record<string, StorageAction[]>> {
  const out: Record<string, Record<string, StorageAction[]>> = {};
  for (const { path, grants } of paths) {
    for (const { principal, actions } of grants) {
      const pattern = grantedPattern(path, principal);
      const who = outputPrincipal(principal);
      out[pattern] = { ...out[pattern], ...(who && { [who]: actions }) };
    }
  }
  return out;
}

/** Amplify's `uniqueDefinitionId`s; a function has none, so it is not listed */
function outputPrincipal(p: StoragePrincipal): string | undefined {
  switch (p.kind) {
    case 'guest':
    case 'authenticated':
      return p.kind;
    case 'group':
      return `groups${p.group}`;
    case 'entity':
      return 'entityidentity';
    case 'resource':
      return undefined;
  }
}

/** Writes `<dir>/amplify_outputs.json` the way `ampx` formats it; returns the file path. */
export async function writeOutputs(dir: string, outputs: object): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'amplify_outputs.json');
  await writeFile(file, JSON.stringify(outputs, null, 2));
  return file;
}
