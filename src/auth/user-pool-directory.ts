/**
 * referenceAuth across Hearth backends. A backend that serves a user pool publishes it at start in
 * its database (the pool's settings, issuer and Cognito endpoint); a backend whose auth is
 * `referenceAuth({ userPoolId, userPoolClientId, … })` on the same database reads it back, verifies
 * that pool's tokens with the signing key they share, and points its outputs at that endpoint.
 * Backends on different databases share no keys, so a pool is found on the same database or not at all.
 */
import type { KeyStore, SettingStore, UserStore } from '../db/ports.js';
import type { AuthIR } from '../ir/types.js';
import type { Clock } from '../util/clock.js';
import { HearthError } from '../util/errors.js';
import { createAccessTokenVerifier } from './access-token-verifier.js';
import { loadSigningKey } from './tokens.js';
import type { TokenVerifier } from './types.js';

const entryName = (userPoolId: string) => `user-pool:${userPoolId}`;

/** What another backend needs to use the pool; triggers, OAuth and passwordless stay with the pool's own backend. */
type PublishedPool = Pick<
  AuthIR,
  | 'userPoolId'
  | 'userPoolClientId'
  | 'identityPoolId'
  | 'loginWith'
  | 'requiredAttributes'
  | 'groups'
  | 'groupPrecedence'
  | 'userAttributes'
  | 'passwordPolicy'
  | 'allowUnauthenticatedIdentities'
  | 'mfa'
  | 'accountRecovery'
> & { issuer: string; cognitoUrl: string };

/** Records the pool this backend serves, replacing what an earlier start (on another port) recorded. */
export async function publishUserPool(settings: SettingStore, p: { ir: AuthIR; issuer: string; cognitoUrl: string }): Promise<void> {
  const { ir } = p;
  const published: PublishedPool = {
    userPoolId: ir.userPoolId,
    userPoolClientId: ir.userPoolClientId,
    identityPoolId: ir.identityPoolId,
    loginWith: ir.loginWith,
    requiredAttributes: ir.requiredAttributes,
    groups: ir.groups,
    groupPrecedence: ir.groupPrecedence,
    userAttributes: ir.userAttributes,
    passwordPolicy: ir.passwordPolicy,
    allowUnauthenticatedIdentities: ir.allowUnauthenticatedIdentities,
    mfa: ir.mfa,
    accountRecovery: ir.accountRecovery,
    issuer: p.issuer,
    cognitoUrl: p.cognitoUrl,
  };
  const entry = JSON.stringify(published);
  // a restart publishes what is there already: a read, and no write to commit
  if ((await settings.get(entryName(ir.userPoolId))) !== entry) await settings.put(entryName(ir.userPoolId), entry);
}

/**
 * A referenced pool's AuthIR, as the backend serving it published it. Refused, naming the resource
 * file, when no backend on this database published that pool or its client id differs.
 */
export async function resolveReferencedAuth(settings: SettingStore, ref: AuthIR): Promise<AuthIR> {
  const where = ref.reference?.where ?? 'amplify/auth/resource.ts';
  const raw = await settings.get(entryName(ref.userPoolId));
  if (!raw) {
    throw new HearthError(
      'ConfigError',
      `${where}: referenceAuth names user pool ${ref.userPoolId}, which no Hearth backend on this database serves. ` +
        'Start the backend that defines it first, on the same database (--database-url: the same postgres:// URL, or file:<its .amplify/hearth/data.sqlite>), ' +
        'or use defineAuth.',
    );
  }
  const p = JSON.parse(raw) as PublishedPool;
  for (const [key, given, served] of [
    ['userPoolClientId', ref.userPoolClientId, p.userPoolClientId],
    ['identityPoolId', ref.identityPoolId, p.identityPoolId],
  ] as const) {
    if (given !== served)
      throw new HearthError(
        'ConfigError',
        `${where}: referenceAuth ${key} ${given} is not the one user pool ${ref.userPoolId} has (${served}).`,
      );
  }
  const { issuer, cognitoUrl, ...pool } = p;
  return { ...pool, triggers: {}, reference: { where, issuer, cognitoUrl } };
}

/** Access tokens of the referenced pool: its issuer, its client, the signing key and users this database holds. */
export async function referencedTokenVerifier(d: {
  keys: KeyStore;
  users: Pick<UserStore, 'bySub' | 'isOriginRevoked'>;
  clock: Clock;
  auth: AuthIR;
}): Promise<TokenVerifier> {
  const issuer = d.auth.reference?.issuer;
  if (!issuer) throw new HearthError('Internal', 'referenceAuth: the pool was not resolved before use.');
  const key = await loadSigningKey(d.keys);
  return createAccessTokenVerifier({ key, issuer, clock: d.clock, users: d.users, clientId: d.auth.userPoolClientId });
}
