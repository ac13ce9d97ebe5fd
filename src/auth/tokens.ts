/**
 * User-pool JWTs: RS256 with one key pair per deployment, kept in the KeyStore so every instance
 * signs and verifies with the same key. Claims follow Cognito's access and id tokens
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html).
 */
import { createHash, createPrivateKey, generateKeyPair, type KeyObject, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, importSPKI, type JWK, jwtVerify } from 'jose';
import type { KeyStore, UserRecord } from '../db/ports.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import { cognitoUsername } from './federation/cognito-username.js';
import { identitiesClaim } from './federation/identities.js';
import { applyClaimOverrides, type TokenOverrides } from './token-overrides.js';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const SIGNING_KEY_NAME = 'jwt-signing-key';

export interface SigningKey {
  kid: string;
  /** a node KeyObject: synchronous node:crypto signing costs ~20% less CPU than WebCrypto via jose */
  privateKey: KeyObject;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/** On the thread pool, so a fresh app's first start does other work while the key is made. */
async function makeKeyPair(): Promise<string> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }),
  });
}

let early: Promise<string> | undefined;

/**
 * Starts making a key pair at once, for the first loadSigningKey that needs one: a fresh app's
 * first start calls it before amplify/ loads, so the RSA key (100–300 ms on the thread pool) is
 * made while the rest of the start runs instead of after it.
 */
export function startMakingSigningKey(): void {
  early ??= makeKeyPair();
  early.catch(() => {});
}

/** Loads the signing key, generating it on the very first start; kid is the JWK thumbprint. */
export async function loadSigningKey(keys: KeyStore): Promise<SigningKey> {
  const create = () => {
    const made = early ?? makeKeyPair();
    early = undefined;
    return made;
  };
  const stored = JSON.parse(await keys.getOrCreate(SIGNING_KEY_NAME, create)) as Record<string, string>;
  const privateKey = createPrivateKey(stored.privateKeyPem ?? '');
  const publicKey = await importSPKI(stored.publicKeyPem ?? '', 'RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

export interface MintInput {
  user: UserRecord;
  clientId: string;
  /** the jti of the refresh token's session; lets RevokeToken invalidate access tokens too */
  originJti: string;
  /** epoch seconds of the original authentication (kept across refreshes) */
  authTime: number;
  /** why tokens are minted (the preTokenGeneration trigger source); default a sign-in */
  source?: 'authentication' | 'refresh' | 'newPassword';
  /** a preTokenGeneration trigger's changes */
  overrides?: TokenOverrides;
  /** tokens from the OAuth endpoints: the granted scopes (the access token's `scope`) and the request's nonce */
  oauth?: { scopes: string[]; nonce?: string };
}

export interface MintedTokens {
  accessToken: string;
  idToken: string;
  expiresIn: number;
}

export interface TokenMinterDeps {
  key: SigningKey;
  issuer: string;
  clock: Clock;
  ids: Ids;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact RS256 JWS; the header is Cognito's `{kid, alg}`. */
export function signJwt(key: Pick<SigningKey, 'kid' | 'privateKey'>, claims: Record<string, unknown>): string {
  const input = `${b64url({ kid: key.kid, alg: 'RS256' })}.${b64url(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/**
 * Cognito's ID token carries the user's attributes, standard and `custom:`, with the `*_verified`
 * ones as booleans (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html).
 */
function idTokenAttributes(attributes: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'sub') continue;
    // a federated user's identities: an array in the token, a JSON string in the attribute
    if (name === 'identities') {
      out[name] = identitiesClaim(value);
      continue;
    }
    out[name] = name.endsWith('_verified') ? value === 'true' : value;
  }
  out.email_verified = attributes.email_verified === 'true';
  return out;
}

export function createTokenMinter(d: TokenMinterDeps): (i: MintInput) => Promise<MintedTokens> {
  const signed = (claims: Record<string, unknown>, iat: number) =>
    signJwt(d.key, { ...claims, iss: d.issuer, exp: iat + ACCESS_TOKEN_TTL_SECONDS, iat, jti: d.ids.uuid() });
  return async ({ user, clientId, originJti, authTime, overrides: o, oauth }) => {
    const iat = Math.floor(d.clock.now() / 1000);
    const groups = user.groups && user.groups.length > 0 ? { 'cognito:groups': user.groups } : {};
    const common = { sub: user.sub, ...groups, origin_jti: originJti, event_id: d.ids.uuid(), auth_time: authTime };
    const scope = oauth ? oauth.scopes.join(' ') : 'aws.cognito.signin.user.admin';
    const access = { ...common, client_id: clientId, token_use: 'access', scope, username: cognitoUsername(user) };
    const id = {
      ...idTokenAttributes(user.attributes),
      ...common,
      'cognito:username': cognitoUsername(user),
      aud: clientId,
      token_use: 'id',
    };
    const [a, i] = [applyClaimOverrides(access, o?.access, o?.groups), applyClaimOverrides(id, o?.id, o?.groups)];
    const accessToken = signed(a, iat);
    // the OAuth token endpoint's ID token binds the access token (at_hash) and echoes the nonce, as OIDC Core §3.1.3.6 asks
    const bound = oauth ? { ...i, at_hash: atHash(accessToken), ...(oauth.nonce !== undefined && { nonce: oauth.nonce }) } : i;
    return { accessToken, idToken: signed(bound, iat), expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  };
}

/** OIDC's at_hash for RS256: the left half of the access token's SHA-256, base64url. */
export function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

export type JwtCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; expired: boolean };

/**
 * Verifies signature (RS256 with our kid only: `alg: none` and foreign keys are refused),
 * issuer, expiry and token_use. Revocation is the caller's business.
 */
export async function checkJwt(
  d: Pick<TokenMinterDeps, 'key' | 'issuer' | 'clock'>,
  token: string,
  use: 'access' | 'id',
): Promise<JwtCheck> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        if (header.kid !== d.key.kid) throw new Error('unknown kid');
        return d.key.publicKey;
      },
      { issuer: d.issuer, algorithms: ['RS256'], currentDate: new Date(d.clock.now()) },
    );
    if (payload.token_use !== use || typeof payload.sub !== 'string') return { ok: false, expired: false };
    return { ok: true, payload: payload as Record<string, unknown> };
  } catch (e) {
    return { ok: false, expired: (e as { code?: string }).code === 'ERR_JWT_EXPIRED' };
  }
}
