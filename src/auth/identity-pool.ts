/**
 * Identity pool: GetId and GetCredentialsForIdentity (reference §D). A guest identity has no sub;
 * an authenticated one is bound to its user's sub (one per user). Credentials are the stateless
 * ones of ./credentials.ts, valid one hour like Cognito's.
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html
 */
import type { IdentityRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import type { AuthContext } from './context.js';
import type { IdentityCredentials } from './service-types.js';
import { checkJwt } from './tokens.js';

export const IDENTITY_CREDENTIALS_TTL_SECONDS = 3600;

type Logins = Record<string, string> | undefined;
type LoginDeps = Pick<AuthContext, 'ir' | 'issuer' | 'signingKey' | 'clock'>;

/**
 * The user proven by Logins (its sub and the ID token's groups), or undefined for a guest. Key: the
 * issuer without its scheme.
 */
async function loginUser(d: LoginDeps, logins: Logins): Promise<{ sub: string; groups: string[] } | undefined> {
  const entries = Object.entries(logins ?? {});
  if (entries.length === 0) return undefined;
  const providerName = d.issuer.replace(/^https?:\/\//, '');
  const token = logins?.[providerName];
  if (entries.length !== 1 || token === undefined) {
    throw new HearthError('NotAuthorized', `Invalid login token. Only ${providerName} is a configured provider.`);
  }
  const check = await checkJwt({ key: d.signingKey, issuer: d.issuer, clock: d.clock }, token, 'id');
  if (!check.ok) throw new HearthError('NotAuthorized', check.expired ? 'Invalid login token. Token expired.' : 'Invalid login token.');
  if (check.payload.aud !== d.ir.userPoolClientId) throw new HearthError('NotAuthorized', 'Invalid login token. Incorrect audience.');
  const groups = check.payload['cognito:groups'];
  return { sub: check.payload.sub as string, groups: Array.isArray(groups) ? groups.filter((g) => typeof g === 'string') : [] };
}

type IdDeps = Pick<AuthContext, 'identities' | 'clock' | 'ids' | 'region'>;

async function identityForSub(d: IdDeps, sub: string): Promise<IdentityRecord> {
  const existing = await d.identities.bySub(sub);
  if (existing) return existing;
  const created = { identityId: `${d.region}:${d.ids.uuid()}`, sub, createdAt: d.clock.now() };
  try {
    await d.identities.create(created);
    return created;
  } catch (e) {
    // a concurrent GetId for the same user won (unique sub)
    const winner = await d.identities.bySub(sub);
    if (winner) return winner;
    throw e;
  }
}

function assertPool(d: Pick<AuthContext, 'ir'>, identityPoolId: string): void {
  if (identityPoolId !== d.ir.identityPoolId) throw new HearthError('ResourceNotFound', `IdentityPool '${identityPoolId}' not found.`);
}

const guestsRefused = () => new HearthError('NotAuthorized', 'Unauthenticated access is not supported for this identity pool.');

export async function getId(d: LoginDeps & IdDeps, i: { identityPoolId: string; logins: Logins }): Promise<string> {
  assertPool(d, i.identityPoolId);
  const sub = (await loginUser(d, i.logins))?.sub;
  if (sub) return (await identityForSub(d, sub)).identityId;
  if (!d.ir.allowUnauthenticatedIdentities) throw guestsRefused();
  const identityId = `${d.region}:${d.ids.uuid()}`;
  await d.identities.create({ identityId, createdAt: d.clock.now() });
  return identityId;
}

type CredDeps = LoginDeps & IdDeps & Pick<AuthContext, 'credentials'>;

/** Resolves which identity the caller may act as; a guest id presented with Logins is upgraded (§D). */
async function resolveIdentity(d: CredDeps, identity: IdentityRecord, sub: string | undefined): Promise<IdentityRecord> {
  const mismatch = () =>
    new HearthError('NotAuthorized', "Logins don't match. Please include at least one valid login for this identity or identity pool.");
  if (!sub) {
    if (identity.sub) throw mismatch();
    if (!d.ir.allowUnauthenticatedIdentities) throw guestsRefused();
    return identity;
  }
  if (identity.sub === sub) return identity;
  if (identity.sub) throw mismatch();
  const own = await d.identities.bySub(sub);
  if (own) return own;
  try {
    await d.identities.linkSub(identity.identityId, sub);
    return { ...identity, sub };
  } catch (e) {
    // a concurrent call bound another identity to this user first (unique sub): use that one
    const winner = await d.identities.bySub(sub);
    if (winner) return winner;
    throw e;
  }
}

export async function getCredentialsForIdentity(d: CredDeps, i: { identityId: string; logins: Logins }): Promise<IdentityCredentials> {
  const stored = await d.identities.byId(i.identityId);
  if (!stored) throw new HearthError('ResourceNotFound', `Identity '${i.identityId}' not found.`);
  const user = await loginUser(d, i.logins);
  const identity = await resolveIdentity(d, stored, user?.sub);
  // the groups travel in the credentials, as Amplify's group roles do through Cognito's role mapping:
  // a user added to a group gets the group's storage rules with the next ID token and credentials
  const principal = {
    kind: 'identity' as const,
    identityId: identity.identityId,
    authenticated: !!identity.sub,
    ...(identity.sub ? { sub: identity.sub, groups: user?.groups ?? [] } : {}),
  };
  const c = d.credentials.issue(principal, IDENTITY_CREDENTIALS_TTL_SECONDS);
  return {
    identityId: identity.identityId,
    accessKeyId: c.accessKeyId,
    secretKey: c.secretAccessKey,
    sessionToken: c.sessionToken,
    expiration: Math.floor(c.expiration / 1000),
  };
}
