/**
 * The production side of federation: one relying party per configured provider, built at start so a
 * missing secret or an unsupported provider stops `hearth start` with an error naming the file.
 * Sandbox sign-ins go through the built-in test identity provider instead (protocols/oauth).
 */
import type { KeyStore } from '../../db/ports.js';
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import { appleClientSecret } from './apple-client-secret.js';
import { createOAuth2RelyingParty } from './oauth2-relying-party.js';
import { createOidcRelyingParty } from './oidc-relying-party.js';
import { type Env, fixedIssuer, oauth2Endpoints } from './provider-endpoints.js';
import type { HttpFetch } from './token-request.js';
import type { ProviderType, RelyingParty } from './types.js';

/** A definition value or `secret(NAME)`, read from the environment at start. */
type ConfigValue = { value: string } | { secret: string };

/** What a relying party is built from: an entry of the AuthIR's `oauth.providers`. */
export interface RelyingPartyProvider {
  name: string;
  type: ProviderType;
  clientId?: ConfigValue;
  clientSecret?: ConfigValue;
  issuerUrl?: string;
  endpoints?: { authorization?: string; token?: string; userInfo?: string };
  scopes?: string[];
  attributeMapping: Record<string, string>;
  attributeRequestMethod?: 'GET' | 'POST';
  apple?: { teamId?: ConfigValue; keyId?: ConfigValue; privateKey?: ConfigValue };
}

export interface RelyingPartyDeps {
  clock: Clock;
  env: Env;
  /** where the PKCE key is kept, shared by every instance */
  keys: KeyStore;
  fetch?: HttpFetch;
}

const WHERE = 'amplify/auth/resource.ts';
export const PKCE_KEY_NAME = 'federation-pkce-key';

function resolve(p: RelyingPartyProvider, field: string, v: ConfigValue | undefined, env: Env): string {
  if (v && 'value' in v) return v.value;
  const value = v ? env[v.secret] : undefined;
  if (value) return value;
  const what = v ? `the secret ${v.secret} is not set in the environment` : `${field} is missing`;
  throw new HearthError('ConfigError', `${WHERE}: externalProviders ${p.name}: ${what}.`);
}

function pkceKey(keys: KeyStore): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  const make = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
  return () => {
    key ??= keys.getOrCreate(PKCE_KEY_NAME, make).then((k) => Buffer.from(k, 'base64'));
    return key;
  };
}

export function createRelyingParty(p: RelyingPartyProvider, d: RelyingPartyDeps): RelyingParty {
  const fetchFn = d.fetch ?? ((url: string, init?: RequestInit) => fetch(url, init));
  if (p.type === 'SAML') {
    throw new HearthError(
      'ConfigError',
      `${WHERE}: externalProviders saml (${p.name}): SAML federation is not supported by Hearth yet; use an OIDC provider.`,
    );
  }
  const clientId = resolve(p, 'clientId', p.clientId, d.env);
  const oauth2 = oauth2Endpoints(p.type, d.env);
  if (oauth2) {
    const clientSecret = resolve(p, 'clientSecret', p.clientSecret, d.env);
    const fields = Object.values(p.attributeMapping);
    return createOAuth2RelyingParty(
      { providerName: p.name, providerType: p.type, clientId, clientSecret, scopes: p.scopes ?? [], endpoints: oauth2, fields },
      { fetch: fetchFn },
    );
  }
  const issuer = fixedIssuer(p.type, d.env) ?? p.issuerUrl;
  if (!issuer) throw new HearthError('ConfigError', `${WHERE}: externalProviders oidc (${p.name}): issuerUrl is missing.`);
  return createOidcRelyingParty(
    {
      providerName: p.name,
      providerType: p.type,
      issuer,
      clientId,
      clientSecret: clientSecretOf(p, { clientId, issuer, env: d.env, clock: d.clock }),
      scopes: p.scopes ?? (p.type === 'Google' ? ['openid', 'email', 'profile'] : ['openid']),
      ...(p.endpoints ? { endpoints: p.endpoints } : {}),
      ...(p.attributeRequestMethod ? { attributeRequestMethod: p.attributeRequestMethod } : {}),
      ...(p.type === 'SignInWithApple' && p.scopes?.some((s) => s === 'email' || s === 'name')
        ? { extraParams: { response_mode: 'form_post' } }
        : {}),
    },
    { clock: d.clock, fetch: fetchFn, pkceKey: pkceKey(d.keys) },
  );
}

/** A plain secret; for Apple, the signed JWT its token endpoint wants; none for a public client. */
function clientSecretOf(p: RelyingPartyProvider, o: { clientId: string; issuer: string; env: Env; clock: Clock }) {
  if (p.type === 'SignInWithApple') {
    const k = p.apple ?? {};
    const get = (field: string, v: ConfigValue | undefined) => resolve(p, field, v, o.env);
    const key = { teamId: get('teamId', k.teamId), keyId: get('keyId', k.keyId), privateKey: get('privateKey', k.privateKey) };
    return appleClientSecret({ ...key, clientId: o.clientId, audience: o.issuer }, o.clock);
  }
  return p.clientSecret ? resolve(p, 'clientSecret', p.clientSecret, o.env) : undefined;
}

/** One relying party per provider name; throws at start for a provider that cannot be served. */
export function createRelyingParties(providers: RelyingPartyProvider[], d: RelyingPartyDeps): Map<string, RelyingParty> {
  return new Map(providers.map((p) => [p.name, createRelyingParty(p, d)]));
}
