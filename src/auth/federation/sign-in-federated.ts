/**
 * A sign-in through an identity provider, as Cognito's managed login does it: the first one creates
 * an EXTERNAL_PROVIDER user named `<provider>_<subject>` (PreSignUp_ExternalProvider may refuse it or
 * verify its email), later ones refresh the mapped attributes; an identity linked to a native user
 * (AdminLinkProviderForUser) signs in as that user. Trigger sources follow the table in
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html#cognito-user-pools-lambda-trigger-federated-users
 * (a first sign-in runs post confirmation as `PostConfirmation_ConfirmSignUp`, later ones pre authentication).
 */
import type { UserRecord } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { assertClient } from '../client-check.js';
import { buildUser, insertUser } from '../new-user.js';
import type { SignUpDeps } from '../sign-up.js';
import { runPostConfirmation, runPreAuthentication, runPreSignUp } from '../trigger-events.js';
import { configuredProvider, mapAttributes } from './attribute-mapping.js';
import { cognitoUsername, federatedUsername } from './cognito-username.js';
import { holdsIdentity, identitiesOf, identityEntry, serializeIdentities } from './identities.js';
import type { FederatedIdentity, FederatedSignIn } from './types.js';

export type FederationDeps = SignUpDeps;

const disabled = () => new HearthError('NotAuthorized', 'User is disabled.');

/** The native user this identity was linked to (AdminLinkProviderForUser), if any. */
export async function linkedUser(d: Pick<FederationDeps, 'users'>, providerName: string, userId: string): Promise<UserRecord | undefined> {
  const linked = await d.users.withLinkedIdentities();
  return linked.find((u) => holdsIdentity(identitiesOf(u.attributes), providerName, userId));
}

/** A later sign-in: the mapped attributes are refreshed (a native user keeps its email, its sign-in alias). */
async function signInExisting(
  d: FederationDeps,
  user: UserRecord,
  mapped: Record<string, string>,
  clientId: string,
): Promise<FederatedSignIn> {
  if (!user.enabled) throw disabled();
  const native = user.status !== 'EXTERNAL_PROVIDER';
  const fresh = Object.fromEntries(Object.entries(mapped).filter(([k]) => !(native && (k === 'email' || k === 'email_verified'))));
  const attributes = { ...user.attributes, ...fresh };
  const updated = { ...user, attributes };
  await runPreAuthentication(d, { user: updated, clientId, validationData: {} });
  if (Object.entries(fresh).some(([k, v]) => user.attributes[k] !== v)) {
    await d.users.update(user.sub, { attributes, updatedAt: d.clock.now() });
  }
  return { username: cognitoUsername(user), sub: user.sub };
}

async function newFederatedUser(d: FederationDeps, identity: FederatedIdentity, mapped: Record<string, string>): Promise<UserRecord> {
  const sub = d.ids.uuid();
  const now = d.clock.now();
  const identities = serializeIdentities([identityEntry(identity, now, true)]);
  const attributes: Record<string, string> = { ...mapped, sub, identities };
  if (attributes.email && attributes.email_verified === undefined) attributes.email_verified = 'false';
  // a federated user has no password: an unguessable one keeps the row's password fields well-formed
  const password = `${d.ids.token(32)}aA1!`;
  const user = buildUser({ poolName: d.poolName, sub, email: '', password, status: 'EXTERNAL_PROVIDER', attributes, now });
  return { ...user, username: federatedUsername(identity.providerName, identity.userId) };
}

/** The pool's required attributes must come from the provider (no trigger runs before this check). */
function assertRequiredMapped(required: string[], mapped: Record<string, string>): void {
  const missing = required.find((a) => !mapped[a]);
  if (missing) throw new HearthError('InvalidParameter', `Invalid user attributes: ${missing}: The attribute is required.`);
}

async function firstSignIn(d: FederationDeps, identity: FederatedIdentity, mapped: Record<string, string>, clientId: string) {
  assertRequiredMapped(d.ir.requiredAttributes, mapped);
  const user = await newFederatedUser(d, identity, mapped);
  const pre = await runPreSignUp(d, { source: 'PreSignUp_ExternalProvider', user, clientId, validationData: {} });
  if (pre.autoVerifyEmail && user.attributes.email) user.attributes.email_verified = 'true';
  // the function may have linked this identity to a native user (the usual way to merge accounts)
  const linked = await linkedUser(d, identity.providerName, identity.userId);
  if (linked) return signInExisting(d, linked, mapped, clientId);
  try {
    await insertUser(d.users, user, () => new HearthError('UsernameExists', 'User already exists'));
  } catch (e) {
    // two first sign-ins at once: the one that lost signs in as the user the other created
    const winner = await d.users.byUsername(user.username);
    if (winner) return signInExisting(d, winner, mapped, clientId);
    throw e;
  }
  await runPostConfirmation(d, { source: 'PostConfirmation_ConfirmSignUp', user, clientId, clientMetadata: {} });
  return { username: user.username, sub: user.sub };
}

export async function signInFederated(d: FederationDeps, identity: FederatedIdentity, o: { clientId: string }): Promise<FederatedSignIn> {
  assertClient(d.ir, o.clientId);
  if (!identity.userId) throw new HearthError('InvalidParameter', 'The identity provider sent no subject for the user.');
  const provider = configuredProvider(d.ir, identity.providerName);
  const canonical = { ...identity, providerName: provider.name };
  const mapped = mapAttributes(identity.claims, provider.attributeMapping);
  const own = await d.users.byUsername(federatedUsername(provider.name, identity.userId));
  if (own?.status === 'EXTERNAL_PROVIDER') return signInExisting(d, own, mapped, o.clientId);
  const linked = await linkedUser(d, provider.name, identity.userId);
  if (linked) return signInExisting(d, linked, mapped, o.clientId);
  return firstSignIn(d, canonical, mapped, o.clientId);
}
