/**
 * AdminLinkProviderForUser and AdminDisableProviderForUser: an identity at a provider is linked to a
 * native user (who then signs in through the provider as themselves), or unlinked / disabled.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminLinkProviderForUser.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableProviderForUser.html
 * Deviation: only `Cognito_Subject` names the source identity (the provider's subject); linking by
 * another mapped attribute is refused with a clear error.
 */
import type { UserRecord } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { assertUserPool } from '../admin-caller.js';
import type { AuthContext } from '../context.js';
import { findUser } from '../find-user.js';
import { passwordFields } from '../new-user.js';
import { configuredProvider } from './attribute-mapping.js';
import { federatedUsername } from './cognito-username.js';
import { holdsIdentity, identitiesOf, identityEntry, serializeIdentities } from './identities.js';
import { linkedUser } from './sign-in-federated.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'ids' | 'poolName' | 'verifier'>;

export interface ProviderUser {
  providerName: string;
  providerAttributeName?: string;
  providerAttributeValue: string;
}

const COGNITO = 'Cognito';
const SUBJECT = 'Cognito_Subject';

function assertSubjectAttribute(u: ProviderUser, role: string): void {
  if (u.providerAttributeName !== undefined && u.providerAttributeName !== SUBJECT) {
    throw new HearthError(
      'InvalidParameter',
      `${role} ProviderAttributeName must be ${SUBJECT}; linking by another attribute is not supported by Hearth.`,
    );
  }
}

async function nativeUser(d: Deps, ref: ProviderUser): Promise<UserRecord> {
  if (ref.providerName !== COGNITO) throw new HearthError('InvalidParameter', `DestinationUser ProviderName must be ${COGNITO}.`);
  const user = await findUser(d.users, ref.providerAttributeValue);
  if (!user) throw new HearthError('UserNotFound', 'User does not exist.');
  if (user.status === 'EXTERNAL_PROVIDER')
    throw new HearthError('InvalidParameter', 'DestinationUser must be a native user of the user pool, not a federated user.');
  return user;
}

export async function adminLinkProviderForUser(
  d: Deps,
  r: { userPoolId: string; destinationUser: ProviderUser; sourceUser: ProviderUser },
): Promise<void> {
  assertUserPool(d, r.userPoolId);
  assertSubjectAttribute(r.sourceUser, 'SourceUser');
  const provider = configuredProvider(d.ir, r.sourceUser.providerName);
  const subject = r.sourceUser.providerAttributeValue;
  const destination = await nativeUser(d, r.destinationUser);
  if (await d.users.byUsername(federatedUsername(provider.name, subject))) {
    throw new HearthError(
      'InvalidParameter',
      'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link',
    );
  }
  const current = await linkedUser(d, provider.name, subject);
  if (current)
    throw new HearthError(
      'InvalidParameter',
      current.sub === destination.sub ? 'SourceUser is already linked to DestinationUser' : 'SourceUser is already linked to another user.',
    );
  const entries = identitiesOf(destination.attributes);
  const identity = { providerName: provider.name, providerType: provider.type, userId: subject, issuer: provider.issuerUrl };
  const identities = serializeIdentities([...entries, identityEntry(identity, d.clock.now(), false)]);
  await d.users.update(destination.sub, { attributes: { ...destination.attributes, identities }, updatedAt: d.clock.now() });
}

/** A native user (`Cognito`) loses password sign-in; a federated one is disabled; a linked identity is unlinked. */
export async function adminDisableProviderForUser(d: Deps, r: { userPoolId: string; user: ProviderUser }): Promise<void> {
  assertUserPool(d, r.userPoolId);
  assertSubjectAttribute(r.user, 'User');
  if (r.user.providerName === COGNITO) return forgetPassword(d, await nativeUser(d, r.user));
  const provider = configuredProvider(d.ir, r.user.providerName);
  const subject = r.user.providerAttributeValue;
  const own = await d.users.byUsername(federatedUsername(provider.name, subject));
  if (own?.status === 'EXTERNAL_PROVIDER') return disableFederated(d, own);
  const linked = await linkedUser(d, provider.name, subject);
  if (!linked) throw new HearthError('UserNotFound', 'User does not exist.');
  const rest = identitiesOf(linked.attributes).filter((e) => !holdsIdentity([e], provider.name, subject));
  const { identities: _dropped, ...others } = linked.attributes;
  const attributes = rest.length > 0 ? { ...others, identities: serializeIdentities(rest) } : others;
  await d.users.update(linked.sub, { attributes, updatedAt: d.clock.now() });
}

/** The federated user can no longer sign in; its sessions end at once. */
async function disableFederated(d: Deps, user: UserRecord): Promise<void> {
  await d.users.update(user.sub, { enabled: false, updatedAt: d.clock.now() });
  await d.users.revokeAllRefreshTokens(user.sub);
  d.verifier.forgetRevocationState();
}

/** The native user's password is replaced by an unknowable one: linked identities still sign in. */
async function forgetPassword(d: Deps, user: UserRecord): Promise<void> {
  const patch = passwordFields(d.poolName, user.sub, `${d.ids.token(32)}aA1!`);
  await d.users.update(user.sub, { ...patch, updatedAt: d.clock.now() });
}
