/**
 * `loginWith.externalProviders` → the app client's OAuth settings and the identity providers, with
 * the checks Amplify's auth construct makes when it synthesises the user pool
 * (amplify-backend packages/auth-construct/src/construct.ts, setupExternalProviders).
 * Secrets stay `{ secret: NAME }` references: their values are read from the environment where the
 * production relying party needs them, never in the sandbox and never into amplify_outputs.json.
 */
import { HearthError } from '../util/errors.js';
import { cognitoAttributeName } from './compile-auth-options.js';
import type { AuthOAuthIR, ConfigValue, OAuthProviderIR, OAuthProviderType } from './types.js';

type Where = { where: string };
type Props = Record<string, unknown>;

/** CDK's default when `scopes` is not given (construct.ts DEFAULT_OAUTH_SCOPES), in its order */
export const DEFAULT_OAUTH_SCOPES = ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'];
const SCOPES = new Set(DEFAULT_OAUTH_SCOPES);

const SOCIAL: { key: string; name: string; type: OAuthProviderType }[] = [
  { key: 'google', name: 'Google', type: 'Google' },
  { key: 'facebook', name: 'Facebook', type: 'Facebook' },
  { key: 'loginWithAmazon', name: 'LoginWithAmazon', type: 'LoginWithAmazon' },
  { key: 'signInWithApple', name: 'SignInWithApple', type: 'SignInWithApple' },
];

const isObject = (v: unknown): v is Props => typeof v === 'object' && v !== null && !Array.isArray(v);

function configValue(v: unknown, field: string, o: Where): ConfigValue | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return { value: v };
  if (isObject(v) && typeof v.hearthSecret === 'string') return { secret: v.hearthSecret };
  throw new HearthError('ConfigError', `${o.where}: externalProviders ${field} must be a string or secret('NAME').`);
}

function urlList(v: unknown, field: 'callbackUrls' | 'logoutUrls', o: Where): string[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new HearthError('ConfigError', `${o.where}: You must define ${field} when configuring external login providers.`);
  }
  for (const url of v) {
    if (typeof url !== 'string' || !URL.canParse(url)) {
      throw new HearthError('ConfigError', `${o.where}: externalProviders.${field} has "${String(url)}", which is not a URL.`);
    }
  }
  return v as string[];
}

/** Amplify's attributeMapping: camelCase standard names (and `custom: { name: claim }`) → provider claims. */
function attributeMapping(v: unknown, o: Where, mapEmail: boolean): Record<string, string> {
  const out: Record<string, string> = mapEmail ? { email: 'email' } : {};
  if (v === undefined) return out;
  if (!isObject(v)) throw new HearthError('ConfigError', `${o.where}: externalProviders attributeMapping must be an object.`);
  for (const [key, claim] of Object.entries(v)) {
    if (key === 'custom' && isObject(claim)) {
      for (const [name, c] of Object.entries(claim)) out[name.startsWith('custom:') ? name : `custom:${name}`] = String(c);
    } else if (typeof claim === 'string') out[cognitoAttributeName(key, o)] = claim;
  }
  return out;
}

function stringList(v: unknown, field: string, o: Where): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    throw new HearthError('ConfigError', `${o.where}: externalProviders ${field} must be a list of strings.`);
  }
  return v as string[];
}

function socialProvider(p: Props, s: (typeof SOCIAL)[number], o: Where & { mapEmail: boolean }): OAuthProviderIR {
  const field = (f: string) => `${s.key}.${f}`;
  const clientId = configValue(p.clientId, field('clientId'), o);
  if (!clientId) throw new HearthError('ConfigError', `${o.where}: externalProviders.${s.key} needs a clientId.`);
  const apple =
    s.type === 'SignInWithApple'
      ? {
          teamId: configValue(p.teamId, field('teamId'), o),
          keyId: configValue(p.keyId, field('keyId'), o),
          privateKey: configValue(p.privateKey, field('privateKey'), o),
        }
      : undefined;
  return {
    name: s.name,
    type: s.type,
    clientId,
    ...(p.clientSecret !== undefined && { clientSecret: configValue(p.clientSecret, field('clientSecret'), o) }),
    ...(p.scopes !== undefined && { scopes: stringList(p.scopes, field('scopes'), o) }),
    attributeMapping: attributeMapping(p.attributeMapping, o, o.mapEmail),
    ...(apple && { apple }),
  };
}

function oidcProvider(p: unknown, index: number, o: Where & { mapEmail: boolean }): OAuthProviderIR {
  const at = `oidc[${index}]`;
  if (!isObject(p) || typeof p.issuerUrl !== 'string' || !URL.canParse(p.issuerUrl)) {
    throw new HearthError('ConfigError', `${o.where}: externalProviders.${at} needs an issuerUrl (a URL).`);
  }
  const clientId = configValue(p.clientId, `${at}.clientId`, o);
  if (!clientId) throw new HearthError('ConfigError', `${o.where}: externalProviders.${at} needs a clientId.`);
  const endpoints = isObject(p.endpoints) ? (p.endpoints as OAuthProviderIR['endpoints']) : undefined;
  return {
    // CDK names an unnamed OIDC provider after its construct; Hearth after its position
    name: typeof p.name === 'string' && p.name !== '' ? p.name : `OIDC${index}`,
    type: 'OIDC',
    clientId,
    ...(p.clientSecret !== undefined && { clientSecret: configValue(p.clientSecret, `${at}.clientSecret`, o) }),
    issuerUrl: p.issuerUrl,
    ...(endpoints && { endpoints }),
    ...(p.scopes !== undefined && { scopes: stringList(p.scopes, `${at}.scopes`, o) }),
    attributeMapping: attributeMapping(p.attributeMapping, o, o.mapEmail),
    ...(p.identifiers !== undefined && { identifiers: stringList(p.identifiers, `${at}.identifiers`, o) }),
  };
}

function samlProvider(p: unknown, o: Where): OAuthProviderIR {
  const m = isObject(p) && isObject(p.metadata) ? p.metadata : undefined;
  if (!isObject(p) || !m || typeof m.metadataContent !== 'string' || (m.metadataType !== 'URL' && m.metadataType !== 'FILE')) {
    throw new HearthError(
      'ConfigError',
      `${o.where}: externalProviders.saml needs metadata { metadataType: 'URL' | 'FILE', metadataContent }.`,
    );
  }
  return {
    name: typeof p.name === 'string' && p.name !== '' ? p.name : 'SAML',
    type: 'SAML',
    attributeMapping: attributeMapping(p.attributeMapping, o, false),
    ...(p.identifiers !== undefined && { identifiers: stringList(p.identifiers, 'saml.identifiers', o) }),
    samlMetadata: { type: m.metadataType, content: m.metadataContent },
  };
}

function providers(ext: Props, o: Where & { mapEmail: boolean }): OAuthProviderIR[] {
  const out: OAuthProviderIR[] = [];
  for (const s of SOCIAL) {
    const p = ext[s.key];
    if (p === undefined) continue;
    if (!isObject(p)) throw new HearthError('ConfigError', `${o.where}: externalProviders.${s.key} must be an object.`);
    out.push(socialProvider(p, s, o));
  }
  if (ext.oidc !== undefined) {
    if (!Array.isArray(ext.oidc)) throw new HearthError('ConfigError', `${o.where}: externalProviders.oidc must be a list.`);
    ext.oidc.forEach((p, i) => {
      out.push(oidcProvider(p, i, o));
    });
  }
  if (ext.saml !== undefined) out.push(samlProvider(ext.saml, o));
  const names = out.map((p) => p.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new HearthError('ConfigError', `${o.where}: two external providers are named "${twice}"; names must be unique.`);
  return out;
}

function scopes(v: unknown, o: Where): string[] {
  if (v === undefined) return DEFAULT_OAUTH_SCOPES;
  const list = stringList(v, 'scopes', o) ?? [];
  const bad = list.find((s) => !SCOPES.has(s));
  if (bad)
    throw new HearthError('ConfigError', `${o.where}: externalProviders.scopes has "${bad}"; use ${DEFAULT_OAUTH_SCOPES.join(', ')}.`);
  return list;
}

/** externalProviders → AuthOAuthIR; undefined when the app configures none. */
export function compileOAuth(ext: unknown, o: Where & { emailLogin: boolean }): AuthOAuthIR | undefined {
  if (ext === undefined) return undefined;
  if (!isObject(ext)) throw new HearthError('ConfigError', `${o.where}: loginWith.externalProviders must be an object.`);
  const domainPrefix = ext.domainPrefix;
  if (domainPrefix !== undefined && (typeof domainPrefix !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domainPrefix))) {
    throw new HearthError('ConfigError', `${o.where}: externalProviders.domainPrefix must be lower-case letters, digits and hyphens.`);
  }
  return {
    providers: providers(ext, { where: o.where, mapEmail: o.emailLogin }),
    scopes: scopes(ext.scopes, o),
    callbackUrls: urlList(ext.callbackUrls, 'callbackUrls', o),
    logoutUrls: urlList(ext.logoutUrls, 'logoutUrls', o),
    ...(typeof domainPrefix === 'string' && { domainPrefix }),
  };
}
